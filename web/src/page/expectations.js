// The expectations controller: whether the page asks the worker for the
// fixture's `expect` verdicts, and what the Expectations tab shows and does.
//
//   page.expectations.wanted();            // true when the fixture lists any
//   page.expectations.renderTab(panel);    // pass or fail per expectation
//
// The verdicts come with every view (run.js), computed by the core as
// `flowproof run` computes them; this controller only decides when to ask
// and wires the tab's actions (open the contact, show the JSON).

import { expectationLabel, renderExpectations } from './expectations-view.js';
import { model } from './state.js';

export class ExpectationsController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
  }

  /** The fixture has expectations: the view request asks for their verdicts. */
  wanted() {
    const expect = this.state.fixture?.expect;
    return Array.isArray(expect) && expect.length > 0;
  }

  /** The tab's caption ("Expectations 3/4 pass") and whether it shows a failure. */
  tab() {
    const report = this.state.expectationReport;
    return { label: expectationLabel(this.state.fixture, report), failed: !!report?.failed && !!report.finished };
  }

  renderTab(panel) {
    renderExpectations(panel, model(this.state), {
      selectContact: (id) => this.page.selection.selectContact(id),
      showInJson: (pointer) => this.page.selection.showInJson({ pointer }),
    });
  }
}
