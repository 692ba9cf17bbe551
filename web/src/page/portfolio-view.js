// The Portfolio tab: the portfolio map (portfolio-map.js) above the day
// view (day-view.js), both drawn from model(). A fixture of one workflow
// has nothing to compare, and the tab says so (it stays in the tab list,
// so the arrow keys walk the same tabs whatever is loaded).
//
//   page.portfolio = new PortfolioTab(page);          // app.js
//   page.portfolio.renderTab(panel, state.tab === 'portfolio');   // view.js renderTabs
//
// renderTabs runs on every redraw; the tab is drawn only while shown and
// only when what it shows changed (the key below), so stepping the clock
// with another tab open costs nothing here.

import { h, replace, text } from '../shared/dom.js';
import { renderDayView } from './day-view.js';
import { renderPortfolioMap } from './portfolio-map.js';
import { workflowCounts } from './portfolio-graph.js';
import { formatDuration, parseDuration } from './time.js';
import './portfolio.css';

export class PortfolioTab {
  /** @param {import('./app.js').App} page */
  constructor(page) {
    this.page = page;
    this.key = null;
  }

  renderTab(panel, shown) {
    const m = this.page.model();
    const p = m.portfolio;
    // The tab's label says how many workflows there are to compare, whichever tab is open.
    const button = this.page.view?.tabButtons?.portfolio;
    if (button) text(button, p ? `Portfolio (${p.workflows.length})` : 'Portfolio');
    if (!shown) return;
    // The boxes' counts, from each contact's per-workflow state (Contacts() of a portfolio).
    const counts = p ? workflowCounts(m.contacts) : null;
    const key = [p, m.workflowId, m.sends, m.sends?.length, m.status?.now, m.selectedContact, m.contacts, JSON.stringify(counts)];
    if (this.key && this.key.every((v, i) => v === key[i]) && panel.firstChild) return;
    this.key = key;
    if (!p) {
      replace(
        panel,
        h(
          'div',
          { class: 'fp-pf', 'data-testid': 'pf-none' },
          h('p', { class: 'fp-pf-empty' }, m.workflow ? 'This fixture has one workflow: there is no portfolio to map, and nothing to compare between workflows. A fixture that lists several under "workflows" shows here how they enrol each other, which trigger events they share, and each contact\'s messages per day across all of them.' : 'No fixture loaded.'),
        ),
      );
      return;
    }
    // A box or row chosen from the keyboard redraws the tab: keep the focus on it.
    const focused = panel.contains(document.activeElement) ? focusKey(document.activeElement) : null;
    const selection = this.page.selection;
    const mapBox = h('div', { class: 'fp-pf-map', 'data-testid': 'pf-map-box' });
    const daysBox = h('div', { class: 'fp-pf-dayview', 'data-testid': 'pf-dayview' });
    replace(
      panel,
      h(
        'div',
        { class: 'fp-pf' },
        h('section', { class: 'fp-pf-card' }, h('h3', {}, `Portfolio map: ${p.workflows.length} workflows`), h('p', { class: 'fp-pf-help' }, `${capWords(p.frequencyCap)} Click a workflow to show it in the diagram.`), mapBox),
        h('section', { class: 'fp-pf-card' }, h('h3', {}, 'Messages per day, across every workflow'), h('p', { class: 'fp-pf-help' }, "Each contact's own calendar days, in its zone, from the start to now. Click a row to select the contact."), daysBox),
      ),
    );
    renderPortfolioMap(mapBox, p, { selected: m.workflowId, counts, onSelect: (id) => selection.selectWorkflow?.(id) });
    renderDayView(daysBox, m, { selectContact: (id) => selection.selectContact(id) });
    if (focused) {
      // Compared as values (ids are the fixture's): no selector is built from them.
      const again = [...panel.querySelectorAll('[data-testid=pf-box], .fp-pf-who-btn')].find((el) => focusKey(el) === focused);
      again?.focus();
    }
  }
}

/** What identifies a focusable element of the tab across a redraw. */
function focusKey(el) {
  if (el.dataset?.testid === 'pf-box') return `box\u0000${el.dataset.workflow}`;
  const row = el.closest?.('[data-testid=pf-row]');
  return row && el.classList.contains('fp-pf-who-btn') ? `row\u0000${row.dataset.contact}` : null;
}

/** The portfolio cap in words (FORMAT.md frequency_cap: max per duration, on channels). */
function capWords(cap) {
  if (!cap || typeof cap !== 'object') return 'No portfolio cap: each workflow is capped only by its own settings.';
  const channels = Array.isArray(cap.channels) && cap.channels.length ? ` ${cap.channels.join(' or ')}` : '';
  return `Portfolio cap: at most ${cap.max}${channels} message${cap.max === 1 ? '' : 's'} per ${perWords(cap.per)} to a contact across all workflows.`;
}

function perWords(per) {
  const seconds = typeof per === 'string' ? parseDuration(per) : null;
  return seconds ? formatDuration(seconds) : String(per);
}
