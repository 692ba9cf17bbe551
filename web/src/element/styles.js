// The element's stylesheet, adopted into its shadow root as a constructed
// CSSStyleSheet: no <style> element and no style attributes, so it needs no
// 'unsafe-inline' in the host page's Content Security Policy.
//
// Theming: every colour, font and size comes from a --flowproof-* custom
// property (documented in web/README.md); they inherit through the shadow
// boundary, so a portal sets them on the element or any ancestor. Parts
// (::part(bar), ::part(button), ...) allow deeper changes.

export const ELEMENT_CSS = `
:host {
  display: block;
  box-sizing: border-box;
  font-family: var(--flowproof-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--flowproof-font-size, 14px);
  line-height: 1.4;
  color: var(--flowproof-fg, #1d2330);
  background: var(--flowproof-bg, #ffffff);
  border: 1px solid var(--flowproof-border, #d5d9e2);
  border-radius: var(--flowproof-radius, 8px);
  overflow: hidden;
  min-height: 12rem;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: inherit; }
.fp-root { display: flex; flex-direction: column; height: 100%; min-height: inherit; container-type: inline-size; }
.fp-bar {
  display: flex; flex-wrap: wrap; align-items: center; gap: .5rem;
  padding: .5rem .75rem;
  background: var(--flowproof-bar-bg, #f4f6fa);
  border-bottom: 1px solid var(--flowproof-border, #d5d9e2);
}
.fp-title { font-weight: 600; margin-right: auto; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 100%; }
.fp-clock { font-variant-numeric: tabular-nums; color: var(--flowproof-muted, #5b6474); white-space: nowrap; }
.fp-clock-offset { margin-left: .35rem; color: var(--flowproof-accent, #2557d6); }
.fp-buttons { display: flex; gap: .35rem; }
.fp-button {
  font: inherit; font-size: .9em; cursor: pointer;
  padding: .3rem .7rem;
  color: var(--flowproof-button-fg, #ffffff);
  background: var(--flowproof-accent, #2557d6);
  border: 1px solid transparent;
  border-radius: calc(var(--flowproof-radius, 8px) * .6);
}
.fp-button.fp-secondary {
  color: var(--flowproof-accent, #2557d6);
  background: transparent;
  border-color: var(--flowproof-accent, #2557d6);
}
.fp-button:disabled { opacity: .45; cursor: default; }
.fp-button:focus-visible, .fp-contact-button:focus-visible {
  outline: 2px solid var(--flowproof-focus, #f0a000); outline-offset: 1px;
}
.fp-progress { width: 100%; height: 4px; accent-color: var(--flowproof-accent, #2557d6); }
.fp-progress[hidden] { display: none; }
.fp-errors { margin: 0; padding: .5rem .75rem .5rem 2rem; color: var(--flowproof-error, #b3261e); background: var(--flowproof-error-bg, #fdecea); }
.fp-errors:empty, .fp-errors[hidden] { display: none; }
.fp-pointer { font-family: var(--flowproof-mono, ui-monospace, "SF Mono", Menlo, Consolas, monospace); font-size: .9em; margin-right: .4rem; }
.fp-body { display: grid; grid-template-columns: minmax(9rem, 1fr) 2fr; flex: 1; min-height: 0; }
@container (max-width: 28rem) { .fp-body { grid-template-columns: 1fr; } }
.fp-contacts { list-style: none; margin: 0; padding: .25rem; overflow: auto; border-right: 1px solid var(--flowproof-border, #d5d9e2); max-height: var(--flowproof-max-height, 24rem); }
.fp-contact-button {
  display: grid; grid-template-columns: 1fr auto; gap: 0 .5rem; width: 100%; text-align: left;
  font: inherit; color: inherit; background: transparent; border: 0; cursor: pointer;
  padding: .35rem .5rem; border-radius: calc(var(--flowproof-radius, 8px) * .5);
}
.fp-contact-button:hover { background: var(--flowproof-hover, #eef1f7); }
.fp-contact-button[aria-selected="true"] { background: var(--flowproof-selected, #dfe7fb); }
.fp-contact-id { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.fp-contact-node { grid-column: 1 / -1; color: var(--flowproof-muted, #5b6474); font-size: .85em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.fp-state { font-size: .75em; padding: 0 .4rem; border-radius: 1em; align-self: center; background: var(--flowproof-state-bg, #e8ebf1); }
.fp-state-active { background: var(--flowproof-state-active, #d8f0dd); }
.fp-state-waiting { background: var(--flowproof-state-waiting, #fff1cc); }
.fp-state-exited { background: var(--flowproof-state-exited, #e8ebf1); color: var(--flowproof-muted, #5b6474); }
.fp-state-not_enrolled { background: transparent; color: var(--flowproof-muted, #5b6474); }
.fp-timeline { padding: .5rem .75rem; overflow: auto; max-height: var(--flowproof-max-height, 24rem); }
.fp-timeline-title { margin: 0 0 .4rem; font-size: 1em; }
.fp-events { list-style: none; margin: 0; padding: 0; }
.fp-event { display: grid; grid-template-columns: 5.5rem 1fr; gap: .5rem; padding: .2rem 0; border-bottom: 1px dashed var(--flowproof-border, #d5d9e2); }
.fp-event-time { color: var(--flowproof-muted, #5b6474); font-variant-numeric: tabular-nums; }
.fp-kind-sent .fp-event-text { color: var(--flowproof-sent, #1b7a3a); }
.fp-kind-suppressed .fp-event-text, .fp-kind-error .fp-event-text { color: var(--flowproof-error, #b3261e); }
.fp-kind-exited .fp-event-text { font-weight: 600; }
.fp-subject { display: block; color: var(--flowproof-muted, #5b6474); font-size: .9em; }
.fp-empty { color: var(--flowproof-muted, #5b6474); padding: .5rem; }
`;

let sheet = null;

/** The shared constructed stylesheet (one per document realm). */
export function elementStyleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(ELEMENT_CSS);
  }
  return sheet;
}
