// "Export documentation": the workflow's documentation as one
// self-contained HTML file (the same document as `flowproof docs --format
// html`, written by the core), with the page's own diagram serialised as SVG
// and a rendered preview of every message one chosen contact got in the run
// so far.
//
//   const exporter = new DocsExport(page);
//   exporter.install(nav);         // adds the button to the header's actions
//   await exporter.export();       // asks for a contact, downloads NAME.docs.html
//
// Safety: the file is written by the core, which escapes every text and
// puts email HTML only into sandbox="" srcdoc frames (core/docs/html.h);
// the diagram is the page's SVG, whose user text is in text nodes, and the
// core refuses an SVG with script, handlers or links (it then draws its
// own). The file carries a Content Security Policy that forbids every
// script and every load from elsewhere.

import { button, h } from '../shared/dom.js';
import { ask } from './dialogs.js';
import { emailSrcdoc } from './email-frame.js';

/** The page's diagram as SVG text, sized to its drawing, without the page's live state. */
export function diagramSvgText(svg, size) {
  if (!svg) return '';
  const clone = svg.cloneNode(true);
  if (size?.width) {
    clone.setAttribute('width', String(Math.ceil(size.width)));
    clone.setAttribute('height', String(Math.ceil(size.height)));
  }
  // Interaction only means something on the page.
  for (const el of clone.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
  for (const el of clone.querySelectorAll('[role="button"]')) el.removeAttribute('role');
  return new XMLSerializer().serializeToString(clone);
}

/** The fixture with its workflow embedded (the core reads no files in the page). */
export function documentText(fixture, workflow) {
  if (fixture && typeof fixture === 'object') return JSON.stringify({ ...fixture, workflow: workflow ?? fixture.workflow });
  return JSON.stringify(workflow ?? {});
}

/** A file name from the workflow's name or id. */
export function docsFileName(workflow) {
  const base = String(workflow?.name || workflow?.id || 'workflow').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${base || 'workflow'}.docs.html`;
}

export class DocsExport {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.button = null;
  }

  /** Adds "Export documentation" to the header's actions (before Share link). */
  install(nav) {
    if (!nav) return;
    this.button = button('Export documentation', () => this.export(), { testid: 'export-docs', title: 'Download the workflow’s documentation as one HTML file: diagram, rules in words, timing, content and message previews for one contact' });
    const share = nav.querySelector('[data-testid="share"]');
    nav.insertBefore(this.button, share ?? null);
  }

  async chooseContact() {
    const contacts = (Array.isArray(this.page.state.fixture?.contacts) ? this.page.state.fixture.contacts : []).map((c) => String(c?.id ?? '')).filter(Boolean);
    const selected = this.page.state.selectedContact ?? contacts[0] ?? '';
    const select = h('select', { class: 'fp-input', 'data-testid': 'export-docs-contact', 'aria-label': 'Contact whose messages are previewed' }, h('option', { value: '' }, '(no message previews)'), contacts.slice(0, 2000).map((id) => h('option', { value: id }, id)));
    select.value = contacts.includes(selected) ? selected : '';
    const choice = await ask({
      title: 'Export documentation',
      message: [
        h('p', {}, 'One HTML file with the diagram, the entry and exit rules and every branch in words, the timing table, the content inventory with lint findings, and a preview of every message one contact got in the run so far. It runs no script and loads nothing from elsewhere.'),
        h('label', {}, 'Previews for ', select),
      ],
      actions: [
        { label: 'Cancel', value: 'cancel' },
        { label: 'Download', value: 'download', variant: 'primary' },
      ],
      testid: 'export-docs-dialog',
    });
    return choice === 'download' ? { contact: select.value } : null;
  }

  /** Asks for a contact, has the core write the document and downloads it. Returns the HTML (tests). */
  async export({ contact } = {}) {
    const { state, tester } = this.page;
    if (!state.workflow || !tester) return null;
    let who = contact;
    if (who === undefined) {
      const chosen = await this.chooseContact();
      if (!chosen) return null;
      who = chosen.contact;
    }
    try {
      const previews = [];
      if (who) {
        for (const m of await tester.messages()) {
          if (m.contact !== who) continue;
          const item = { t: m.t, node: m.node, template: m.template, channel: m.channel, message: m.message };
          if (m.channel === 'email') item.srcdoc = emailSrcdoc(m.message?.html ?? '').srcdoc;
          previews.push(item);
        }
      }
      const diagram = this.page.view?.diagram;
      const result = await tester.docs(documentText(state.fixture, state.workflow), {
        format: 'html',
        diagramSvg: diagramSvgText(diagram?.svg, diagram?.size),
        previewContact: who,
        previews: who ? previews : null,
      });
      const blob = new Blob([result.text], { type: 'text/html' });
      const a = h('a', {});
      a.download = docsFileName(state.workflow);
      a.href = URL.createObjectURL(blob);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      return result.text;
    } catch (e) {
      this.page.notices?.banner('error', `The documentation could not be written: ${e?.message ?? e}`, { timeout: 8000 });
      return null;
    }
  }
}
