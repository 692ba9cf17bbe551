// The import controller: a Dittofeed, Klaviyo or HubSpot export dropped,
// picked or pasted is converted by the core (tester.importWorkflow, the same
// converter as `flowproof import`), loaded like a bare workflow (a generated
// test contact and a 30-day clock, source.js) and shown with its losses in
// the import panel (import-view.js).
//
//   if (await page.importer.files(texts)) return;          // open.js, before the ordinary open
//   if (await page.importer.text(pasted, { from })) return;   // 'loaded', 'refused' or 'cancelled'
//
// Both return false when the input is not an export (a flowproof document,
// or JSON the core does not recognise as any platform's): the ordinary open
// then handles it, with its own located problems. An export that cannot be
// converted keeps the page as it was and lists the importer's problems,
// each located in the export. The panel belongs to the draft it loaded:
// opening anything else hides it (draftChanged), edits keep it.

import { kindOfText, pickExport, platformLabel } from './import-source.js';
import { ImportPanel } from './import-view.js';
import { fixtureForWorkflow } from './source.js';

export class ImportController {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.panel = null;
    this.shown = null; // {pristine, ...} what the panel shows, for the draft it belongs to
  }

  /** Puts the panel after `anchor` (the banners). */
  install(anchor) {
    this.panel = new ImportPanel({
      runToEnd: () => this.page.moves.runToEnd(),
      showJson: () => {
        this.page.selection.setTab('json');
        this.page.view.tabPanels.json.scrollIntoView({ block: 'start' });
      },
      close: () => this.hide(),
      // A wrong_format refusal names the platform the export looks like: one click imports it as that.
      retryAs: (from) => this.shown && this.text(this.shown.source, { from, names: this.shown.names, fileName: this.shown.fileName }),
    });
    anchor.after(this.panel.element);
  }

  /**
   * Files dropped or picked together (name -> text), after open.js asked
   * whether to replace the draft; truthy when they were an export.
   */
  async files(texts) {
    const chosen = pickExport(texts);
    if (!chosen) return false;
    return this.text(chosen.text, { from: chosen.from, names: chosen.names, fileName: chosen.name, confirmed: true });
  }

  /**
   * Converts and loads `textValue`. With `from` ('' = the core detects it),
   * invalid JSON or another platform's export is a located error here;
   * without, only an object that is not flowproof's own is tried.
   * @returns {Promise<false|'loaded'|'refused'|'cancelled'>} false: not an export, open it as usual
   */
  async text(textValue, { from = '', names = null, fileName = '', confirmed = false } = {}) {
    if (!from && kindOfText(textValue) !== 'candidate') return false;
    const { page } = this;
    let result;
    page.notices.busy('Importing…');
    try {
      result = await page.tester.importWorkflow(textValue, { from, names });
    } catch (e) {
      if (e?.code !== 'invalid_input') {
        page.notices.failed(e);
        return 'refused';
      }
      const errors = e.errors ?? [];
      // Detected as nothing: not an export at all, so the ordinary open says what it is.
      if (!from && errors.length === 1 && errors[0].code === 'wrong_format' && !errors[0].pointer) return false;
      this.show({ failed: true, from, fileName, source: textValue, names, problems: errors, pristine: page.state.draft?.pristine ?? null });
      return 'refused';
    } finally {
      page.notices.busy(null);
    }
    const platform = platformLabel(result.from);
    if (!confirmed && !(await page.draft.confirmReplace(`the ${platform} export`))) return 'cancelled';
    const fixture = fixtureForWorkflow(result.workflow);
    const fixtureText = JSON.stringify(fixture, null, 2);
    this.shown = { failed: false, from: result.from, fileName, source: textValue, losses: result.losses, workflow: result.workflow, contact: fixture.contacts[0].id, pristine: fixtureText };
    page.draft.clearLocationSource();
    const label = fileName ? `${platform} export “${fileName}”` : `pasted ${platform} export`;
    await page.open.text(fixtureText, { origin: { kind: 'import', label, platform: result.from } });
    if (this.shown?.pristine === fixtureText) this.panel.render(this.shown);
    return 'loaded';
  }

  show(report) {
    this.shown = report;
    this.panel.render(report);
  }

  hide() {
    this.shown = null;
    this.panel?.render(null);
  }

  /** draft.js: the draft was set; a draft other than the one imported (or refused over) hides the panel. */
  draftChanged(draft) {
    if (this.shown && (draft?.pristine ?? null) !== this.shown.pristine) this.hide();
  }
}
