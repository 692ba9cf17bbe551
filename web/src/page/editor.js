// The fixture's JSON in a CodeMirror 6 editor: JSON highlighting, folding,
// search, and each validation problem and lint finding underlined where its
// JSON Pointer (or line and column) points, with the message in the gutter
// and on hover (a lint finding with its rule id as the source).
//
//   const editor = new JsonEditor(container, { onChange: (text) => ... });
//   editor.setText(json);                     // does not call onChange
//   editor.setProblems([{pointer: '/workflow/nodes/x/for', message: '...'}]);
//   editor.setProblems([...problems, {rule: 'branch_never_taken', severity: 'info', line: 12, column: 9, pointer, message}]);
//   editor.diagnostics();                     // what is underlined now
//   editor.reveal(problem);                   // selects and scrolls to it
//
// The editor lives in a shadow root: there CodeMirror (style-mod) styles
// itself with constructed stylesheets (CSSOM, which style-src 'self' allows)
// instead of the <style> element it would add to a document's head, which
// the page's CSP refuses.

import { EditorView, basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { json } from '@codemirror/lang-json';
import { forEachDiagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { locatePointer, offsetOfLineColumn } from './json-locate.js';

export class JsonEditor {
  /**
   * @param {HTMLElement} parent
   * @param {{onChange?: (text: string) => void, label?: string}} [options]
   */
  constructor(parent, { onChange, label = 'Fixture JSON' } = {}) {
    this.onChange = onChange;
    this.silent = false;
    const shadow = parent.attachShadow({ mode: 'open' });
    this.view = new EditorView({
      parent: shadow,
      root: shadow,
      state: this.makeState(''),
    });
    this.view.contentDOM.setAttribute('aria-label', label);
    this.view.contentDOM.setAttribute('data-testid', 'json-editor');
  }

  makeState(doc) {
    return EditorState.create({
      doc,
      extensions: [
        basicSetup,
        json(),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.theme({
          '&': { height: '100%', fontSize: '12.5px', backgroundColor: '#fff' },
          '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace' },
          '.cm-gutters': { backgroundColor: '#f8f9fc', borderRight: '1px solid #dde2ea' },
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !this.silent) this.onChange?.(update.state.doc.toString());
        }),
      ],
    });
  }

  /** The current text. */
  getText() {
    return this.view.state.doc.toString();
  }

  /** Replaces the text (not reported to onChange), keeping scroll when unchanged. */
  setText(textValue) {
    const t = String(textValue ?? '');
    if (t === this.getText()) return;
    this.silent = true;
    try {
      this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: t } });
    } finally {
      this.silent = false;
    }
  }

  /**
   * Where a problem points in the text: {from, to}, or null.
   * @param {{pointer?: string, line?: number, column?: number}} problem
   */
  rangeOf(problem) {
    const t = this.getText();
    if (Number.isInteger(problem?.line) && problem.line > 0) {
      const from = offsetOfLineColumn(t, problem.line, problem.column ?? 1);
      // A lint finding's place is a member's key: underline the whole key.
      return { from, to: problem.rule ? keyEnd(t, from) : Math.min(t.length, from + 1) };
    }
    if (typeof problem?.pointer === 'string') {
      const r = locatePointer(t, problem.pointer);
      if (!r) return null;
      const to = Math.max(r.to, r.from + 1) > t.length ? t.length : Math.max(r.to, r.from + 1);
      if (problem.rule && r.exact) {
        // A finding's node or template is a whole object: underline its key, as the core's line and column do.
        const key = keyBefore(t, r.from);
        if (key) return key;
      }
      return { from: r.from, to };
    }
    return null;
  }

  /**
   * Shows problems and lint findings (those with a `rule`) as diagnostics:
   * a finding keeps its severity, info included, and names its rule.
   * @param {Array<{pointer?: string, line?: number, column?: number, message: string, severity?: string, rule?: string}>} problems
   */
  setProblems(problems) {
    const diagnostics = [];
    for (const p of problems ?? []) {
      const r = this.rangeOf(p) ?? { from: 0, to: Math.min(1, this.getText().length) };
      const lint = typeof p.rule === 'string';
      const severity = p.severity === 'warning' || (lint && p.severity === 'info') ? p.severity : 'error';
      diagnostics.push({
        from: r.from,
        to: r.to,
        severity,
        message: p.pointer ? `${p.pointer}: ${p.message}` : p.message,
        source: lint ? `flowproof lint: ${p.rule}` : 'flowproof',
        ...(lint ? { markClass: 'fp-lint-range' } : {}),
      });
    }
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  /** The diagnostics shown now: [{from, to, severity, message, source}]. */
  diagnostics() {
    const out = [];
    forEachDiagnostic(this.view.state, (d, from, to) => out.push({ from, to, severity: d.severity, message: d.message, source: d.source }));
    return out;
  }

  /** Selects a problem's text and scrolls it into view. */
  reveal(problem) {
    const r = this.rangeOf(problem);
    if (!r) return;
    this.view.dispatch({ selection: { anchor: r.from, head: r.to }, effects: EditorView.scrollIntoView(r.from, { y: 'center' }) });
    this.view.focus();
  }

  /** Scrolls to a pointer without selecting (e.g. the selected contact). */
  scrollTo(pointer) {
    const r = locatePointer(this.getText(), pointer);
    if (r) this.view.dispatch({ effects: EditorView.scrollIntoView(r.from, { y: 'start' }) });
  }
}

/**
 * The end of what a lint finding at `from` underlines: a key (a member) up
 * to its closing quote; an object or array (an item, such as a branch) up to
 * the end of its first line with something in it ('{ "label": "hot",').
 */
function keyEnd(t, from) {
  if (t[from] === '{' || t[from] === '[') {
    const nl = t.indexOf('\n', from);
    if (nl < 0) return t.length;
    if (t.slice(from + 1, nl).trim()) return nl;
    const next = t.indexOf('\n', nl + 1);
    return next < 0 ? t.length : next;
  }
  if (t[from] !== '"') return Math.min(t.length, from + 1);
  for (let i = from + 1; i < t.length && t[i] !== '\n'; i++) {
    if (t[i] === '\\') i++;
    else if (t[i] === '"') return i + 1;
  }
  return Math.min(t.length, from + 1);
}

/** The key of the member whose value starts at `valueFrom` ({from, to} of its quoted text), or null (an array item, the root). */
function keyBefore(t, valueFrom) {
  let i = valueFrom - 1;
  while (i >= 0 && ' \t\r\n'.includes(t[i])) i--;
  if (t[i] !== ':') return null;
  i--;
  while (i >= 0 && ' \t\r\n'.includes(t[i])) i--;
  if (t[i] !== '"') return null;
  const to = i + 1;
  for (i--; i >= 0 && t[i] !== '\n'; i--) {
    if (t[i] === '"' && t[i - 1] !== '\\') return { from: i, to };
  }
  return null;
}
