// The lint controller: after each load that the core accepts, the draft's
// text is linted (tester.lint, `flowproof lint` in the worker) and the
// findings go beside the validation problems, into the JSON editor and onto
// the diagram's nodes. Loads follow typing with the run's pause
// (run.js scheduleApply), so the findings follow it too.
//
//   page.lint.install(tester);   // listens to the tester's 'load'
//   state.lint                   // {findings, counts, text} or null
//
// The draft's own text is linted (not the object the run loaded, which the
// tester serialises on one line), so the core's line and column point into
// the text the editor shows. root.dataset.linting is '1' while a lint is on
// its way (the browser tests wait for it).

export class LintController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
    this.seq = 0;
  }

  /** Lints after every load of the tester. */
  install(tester) {
    tester.on('load', (result) => {
      this.afterLoad(result);
    });
  }

  async afterLoad(result) {
    const { page, state } = this;
    const seq = ++this.seq;
    const textValue = state.draft?.text;
    if (!result?.ok || typeof textValue !== 'string') {
      // Invalid: the problems say why, and old findings would point at text that changed.
      this.show(seq, null);
      return;
    }
    page.root.dataset.linting = '1';
    let lint = null;
    try {
      const r = await page.tester.lint(textValue);
      if (r.ok) lint = { findings: r.findings, counts: r.counts, text: textValue };
    } catch {
      // The worker failed: the run reports that itself; no findings meanwhile.
    }
    this.show(seq, lint);
  }

  show(seq, lint) {
    if (seq !== this.seq) return;
    this.state.lint = lint;
    this.page.root.dataset.linting = '0';
    this.page.view?.renderLint();
  }
}
