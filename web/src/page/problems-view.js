// The Fixture JSON tab's side list: every problem and warning of the last
// load, each with where it points (a JSON Pointer, or line and column for
// malformed JSON), then the lint findings of the draft (rule id, severity,
// place, message); clicking one selects that text in the editor.
//
//   renderProblems(container, problems, warnings, { reveal: (p) => editor.reveal(p) }, lint);
//   // lint: {findings} from tester.lint (lint.js), or null when not linted

import { h, replace } from '../shared/dom.js';
import { severityOf } from './lint-findings.js';

/** Problems then warnings, each marked with its severity. */
export function allProblems(problems, warnings) {
  return [...(problems ?? []), ...(warnings ?? []).map((w) => ({ ...w, severity: 'warning' }))];
}

/**
 * @param {HTMLElement} container
 * @param {Array<object>} problems {code, pointer, line, column, message}
 * @param {Array<object>} warnings
 * @param {{reveal: (p: object) => void}} actions
 */
export function renderProblems(container, problems, warnings, actions, lint = null) {
  const errors = problems?.length ?? 0;
  const notes = warnings?.length ?? 0;
  const all = allProblems(problems, warnings);
  const title = errors || notes ? [errors ? `${errors} problem${errors === 1 ? '' : 's'}` : '', notes ? `${notes} warning${notes === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ') : '✓ No problems';
  replace(
    container,
    h('h3', { class: 'fp-problems-title' }, title),
    all.length
      ? h(
          'ul',
          { class: 'fp-problem-list' },
          all.map((p) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', class: `fp-problem fp-problem--${p.severity === 'warning' ? 'warning' : 'error'}`, on: { click: () => actions.reveal(p) } },
                h('code', { class: 'fp-problem-where' }, p.line ? `line ${p.line}, column ${p.column ?? 1}` : p.pointer || '(the whole file)'),
                h('span', { class: 'fp-problem-msg' }, p.message),
              ),
            ),
          ),
        )
      : h('p', { class: 'fp-muted' }, 'The fixture and its workflow are valid.'),
    lintSection(errors > 0, lint, actions),
  );
}

/** The lint findings below the problems (lint runs on a valid fixture only). */
function lintSection(invalid, lint, actions) {
  const findings = lint?.findings ?? [];
  const n = findings.length;
  const title = invalid || !lint ? 'Lint' : n ? `Lint: ${n} finding${n === 1 ? '' : 's'}` : '✓ No lint findings';
  return h(
    'section',
    { class: 'fp-lint', 'data-testid': 'lint-findings' },
    h('h3', { class: 'fp-problems-title' }, title),
    invalid
      ? h('p', { class: 'fp-muted' }, 'Lint checks the workflow once the fixture is valid.')
      : n
        ? h(
            'ul',
            { class: 'fp-problem-list' },
            findings.map((f) =>
              h(
                'li',
                {},
                h(
                  'button',
                  { type: 'button', class: `fp-problem fp-lint-finding fp-lint-finding--${severityOf(f)}`, 'data-rule': String(f.rule), on: { click: () => actions.reveal(f) } },
                  h('span', { class: 'fp-lint-head' }, h('span', { class: 'fp-lint-rule' }, String(f.rule)), h('span', { class: 'fp-lint-severity' }, severityOf(f))),
                  h('code', { class: 'fp-problem-where' }, [f.pointer || '(the whole file)', f.line ? ` · line ${f.line}, column ${f.column ?? 1}` : ''].join('')),
                  h('span', { class: 'fp-problem-msg' }, String(f.message ?? '')),
                ),
              ),
            ),
          )
        : lint
          ? h('p', { class: 'fp-muted' }, 'No rule of flowproof lint fires on this workflow.')
          : null,
  );
}
