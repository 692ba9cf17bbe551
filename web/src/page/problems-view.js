// The Fixture JSON tab's side list: every problem and warning of the last
// load, each with where it points (a JSON Pointer, or line and column for
// malformed JSON); clicking one selects that text in the editor.
//
//   renderProblems(container, problems, warnings, { reveal: (p) => editor.reveal(p) });

import { h, replace } from '../shared/dom.js';

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
export function renderProblems(container, problems, warnings, actions) {
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
  );
}
