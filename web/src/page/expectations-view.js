// The Expectations tab: the fixture's `expect` list checked against the run
// (tester.expectations(), the same verdicts as `flowproof run`), pass or
// fail per expectation, and for a failure what the trace shows instead and
// where the contact's path went another way.
//
//   renderExpectations(container, model, { showInJson, selectContact });
//   expectationLabel(report)   // "Expectations 3 ✓ 1 ✗" for the tab

import { button, h, replace } from '../shared/dom.js';

/** The tab's label. */
export function expectationLabel(fixture, report) {
  const n = Array.isArray(fixture?.expect) ? fixture.expect.length : 0;
  if (!n) return 'Expectations';
  if (!report) return `Expectations (${n})`;
  // Before the end an unmet expectation may still be met: not a failure yet.
  return `Expectations ${report.passed} ✓${report.failed ? ` ${report.failed} ${report.finished ? '✗' : '…'}` : ''}`;
}

/**
 * @param {HTMLElement} container
 * @param {object} model
 * @param {{showInJson: (pointer: string) => void, selectContact: (id: string) => void}} actions
 */
export function renderExpectations(container, model, actions) {
  const written = Array.isArray(model.fixture?.expect) ? model.fixture.expect : [];
  if (!written.length) {
    replace(
      container,
      h(
        'div',
        { class: 'fp-expect-empty', 'data-testid': 'expectations-empty' },
        h('p', {}, 'This fixture states no expectations.'),
        h('p', { class: 'fp-muted' }, 'Add an "expect" list to the fixture (Fixture JSON) to have each run checked, for example:'),
        h('pre', { class: 'fp-pre' }, '"expect": [\n  { "contact": "alice", "reaches": "send_welcome", "by": "+1d" },\n  { "contact": "alice", "receives": "welcome", "subject_contains": "Welcome" },\n  { "contact": "alice", "exits": "goal", "by": "+3d" }\n]'),
      ),
    );
    return;
  }
  const report = model.expectationReport;
  if (!model.status || !report) {
    replace(container, h('p', { class: 'fp-empty' }, model.problems?.length ? 'The fixture has problems: fix them first (Fixture JSON).' : 'Checking…'));
    return;
  }
  const total = report.results.length;
  const s = total === 1 ? '' : 's';
  const verdict = report.finished
    ? report.failed
      ? `${report.failed} of ${total} expectation${s} fail${report.failed === 1 ? 's' : ''}`
      : `All ${total} expectation${s} pass`
    : `${report.passed} of ${total} expectation${s} met so far`;
  const head = h(
    'p',
    { class: `fp-expect-head ${!report.finished ? 'fp-expect-head--pending' : report.failed ? 'fp-expect-head--fail' : 'fp-expect-head--pass'}`, 'data-testid': 'expectations-summary' },
    h('b', {}, verdict),
    report.finished ? ' (the run is over: this is the verdict of flowproof run)' : h('span', { class: 'fp-muted' }, ' — the run is not over, so an expectation about later can still be met or broken. Run to end for the verdict.'),
  );
  const pending = !report.finished;
  const list = h(
    'ol',
    { class: 'fp-expect-list', 'data-testid': 'expectations' },
    report.results.map((r) =>
      h(
        'li',
        { class: `fp-expect ${r.passed ? 'fp-expect--pass' : pending ? 'fp-expect--pending' : 'fp-expect--fail'}`, 'data-passed': String(!!r.passed) },
        h('span', { class: 'fp-expect-mark', 'aria-label': r.passed ? 'passes' : pending ? 'not met yet' : 'fails' }, r.passed ? '✓' : pending ? '…' : '✗'),
        h(
          'div',
          { class: 'fp-expect-body' },
          h('p', { class: 'fp-expect-desc', title: r.passed ? r.actual : '' }, r.description),
          r.passed ? null : h('p', { class: 'fp-expect-actual' }, h('b', {}, pending ? 'So far: ' : 'Instead: '), r.actual),
          !r.passed && r.divergence ? h('p', { class: 'fp-expect-divergence' }, h('b', {}, 'Where it went another way: '), r.divergence) : null,
          r.passed
            ? null
            : h(
                'div',
                { class: 'fp-expect-actions' },
                typeof r.contact === 'string' && r.contact && model.contactById.has(r.contact) ? button(`Follow ${r.contact}`, () => actions.selectContact(r.contact), { variant: 'link' }) : null,
                typeof r.pointer === 'string' && r.pointer ? button('Show in the JSON', () => actions.showInJson(r.pointer), { variant: 'link' }) : null,
              ),
        ),
      ),
    ),
  );
  replace(container, head, list);
}
