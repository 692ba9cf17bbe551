// The fixture's JSON in a CodeMirror 6 editor: JSON highlighting, folding,
// search, and each validation problem underlined where its JSON Pointer (or
// line and column) points, with the message in the gutter and on hover.
//
//   const editor = new JsonEditor(container, { onChange: (text) => ... });
//   editor.setText(json);                     // does not call onChange
//   editor.setProblems([{pointer: '/workflow/nodes/x/for', message: '...'}]);
//   editor.reveal(problem);                   // selects and scrolls to it
//
// The editor lives in a shadow root: there CodeMirror (style-mod) styles
// itself with constructed stylesheets (CSSOM, which style-src 'self' allows)
// instead of the <style> element it would add to a document's head, which
// the page's CSP refuses.

import { EditorView, basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
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
      return { from, to: Math.min(t.length, from + 1) };
    }
    if (typeof problem?.pointer === 'string') {
      const r = locatePointer(t, problem.pointer);
      if (r) return { from: r.from, to: Math.max(r.to, r.from + 1) > t.length ? t.length : Math.max(r.to, r.from + 1) };
    }
    return null;
  }

  /**
   * Shows problems as diagnostics.
   * @param {Array<{pointer?: string, line?: number, column?: number, message: string, severity?: string}>} problems
   */
  setProblems(problems) {
    const diagnostics = [];
    for (const p of problems ?? []) {
      const r = this.rangeOf(p) ?? { from: 0, to: Math.min(1, this.getText().length) };
      diagnostics.push({ from: r.from, to: r.to, severity: p.severity === 'warning' ? 'warning' : 'error', message: p.pointer ? `${p.pointer}: ${p.message}` : p.message, source: 'flowproof' });
    }
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
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
