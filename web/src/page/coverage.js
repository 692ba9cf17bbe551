// The coverage controller: "Show what no contact reached", and counting the
// gallery's other fixtures of the same workflow too (as `flowproof run
// FOLDER --coverage`).
//
//   page.coverage.toggle(true);                           // ask the worker for the report
//   await page.coverage.setWith('fixtures/x.json', true); // add an example's run
//
// The open fixture's own coverage comes with every view (run.js asks for it
// while the box is shown). Counting other examples runs each of them to its
// end in the worker (tester.coverageOf); the answer is kept under a key of
// the draft and the chosen paths, so an edit or another choice never shows a
// report that no longer fits.

import { digest } from './share.js';
import { readUrl } from './source.js';

/** What the combined report was computed for: this draft and these examples. */
export function combinedKey(state) {
  return `${digest(state.draft?.text ?? '')}|${[...state.coverageWith].sort().join('|')}`;
}

/**
 * Examples of the gallery that test the same workflow file as the open
 * fixture (when it came from the gallery or from ?src= on this site).
 */
export function siblingFixtures(gallery, origin = {}, pageUrl = location.href) {
  let where = origin.path ?? null;
  if (!where && typeof origin.src === 'string') {
    const base = new URL('.', pageUrl).href;
    if (origin.src.startsWith(base)) where = origin.src.slice(base.length);
  }
  const item = gallery.find((g) => g.path === where);
  if (!item?.workflow) return [];
  return gallery.filter((g) => g !== item && g.workflow === item.workflow && g.format === 'flowproof.fixture/1');
}

export class CoverageController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.state = page.state;
  }

  toggle(on) {
    this.state.coverage = on;
    this.page.draft.scheduleSave();
    this.page.run.refreshView();
  }

  async setWith(path, on) {
    if (on) this.state.coverageWith.add(path);
    else this.state.coverageWith.delete(path);
    this.page.view.renderDiagram();
    await this.updateCombined();
  }

  /** The coverage by this fixture and the chosen examples, each run to its end (tester.coverageOf). */
  async updateCombined() {
    const { state, page } = this;
    if (!state.coverage || !state.coverageWith.size || !state.fixture || state.stale) return;
    const key = combinedKey(state);
    if (state.combined?.key === key) return;
    page.root.dataset.reading = '1';
    try {
      const here = state.draft.origin?.src ?? (state.draft.origin?.path ? new URL(state.draft.origin.path, location.href).href : location.href);
      const fixtures = [{ fixture: state.fixture, name: String(state.fixture.name ?? 'this fixture'), baseUrl: here }];
      for (const path of [...state.coverageWith].sort()) {
        const url = new URL(path, location.href).href;
        let fixture;
        try {
          fixture = await readUrl(url);
        } catch (e) {
          throw new Error(`cannot read ${path}: ${e.message}`);
        }
        fixtures.push({ fixture, name: path, baseUrl: url });
      }
      const report = await page.tester.coverageOf(fixtures);
      if (key === combinedKey(state)) state.combined = { key, report };
    } catch (e) {
      if (key === combinedKey(state)) state.combined = { key, error: `The coverage of these fixtures together could not be computed: ${e?.message ?? e}` };
    } finally {
      page.root.dataset.reading = '0';
    }
    page.view.renderDiagram();
  }
}
