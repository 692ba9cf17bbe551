// A portfolio's forecast on the Forecast tab (core/forecast/portfolio_forecast.h):
// what the audience does across the workflows rather than inside one. KPIs
// (contacts, how many are in two or more workflows at once, the most
// messages to one contact in any 24 hours and the mean, what the portfolio
// cap held back), then each workflow in priority order with its enrolments,
// sends and cap suppressions as bars, and the pairs of workflows people are
// in at once. Below it (forecast-view.js) comes the forecast of the
// workflow the diagram shows, r.workflows[id], drawn as one workflow's.
//
//   replace(results, ...portfolioResult(r, ran, [csvButton, htmlButton]), workflowHeading(id, n), ...);
//
// Every name (workflow ids) enters as text; every value shown carries its
// raw number in data-value, for the browser test.

import { h } from '../shared/dom.js';
import { audienceWords, formatCount, formatMean, formatRate, kpi, meter, plusMinus, value } from './forecast-parts.js';

/** @returns {Node[]} the result's pieces, in order */
export function portfolioResult(r, ran, buttons) {
  const p = r.portfolio ?? {};
  const workflows = Array.isArray(p.workflows) ? p.workflows.map(String) : [];
  const contacts = Math.max(1, Number(r.contacts) || 0);
  const capped = workflows.reduce((sum, id) => sum + (Number(p.suppressed_by_portfolio_cap?.[id]) || 0), 0);
  const means = r.runs > 1 ? `, means of ${r.runs} runs over consecutive seeds (± one standard deviation)` : ', one run';
  const deviation = (key) => plusMinus(r.sd?.portfolio, [key]);
  return [
    h('div', { class: 'fp-fc-caption-row' },
      h('p', { class: 'fp-fc-caption', 'data-testid': 'forecast-caption' },
        `Forecast of ${formatCount(r.contacts)} contacts (${audienceWords(ran)} plus the named ones) across the portfolio’s ${workflows.length} workflows${means}.`),
      ...buttons),
    h('div', { class: 'fp-fc-kpis', 'data-testid': 'forecast-portfolio-kpis' },
      kpi('Contacts', value('forecast-portfolio-contacts', r.contacts, formatCount(r.contacts)), `${workflows.length} workflows`),
      kpi('In two or more at once', h('span', {}, value('forecast-overlapping', p.overlapping_contacts, formatCount(p.overlapping_contacts)), deviation('overlapping_contacts')),
        `${formatRate((Number(p.overlapping_contacts) || 0) / contacts)} of contacts`),
      kpi('Most messages in 24 h', h('span', {}, value('forecast-portfolio-max-24h', p.messages_max_24h, formatCount(p.messages_max_24h)), deviation('messages_max_24h')), 'to one contact, across every workflow'),
      kpi('Messages per contact', h('span', {}, value('forecast-portfolio-mean-messages', p.messages_mean, formatMean(p.messages_mean)), plusMinus(r.sd?.portfolio, ['messages_mean'], formatMean)),
        'mean over every contact'),
      kpi('Held back by the cap', value('forecast-capped', capped, formatCount(capped)), 'sends the portfolio cap suppressed')),
    h('section', { class: 'fp-fc-card' },
      h('h3', {}, 'Workflows, in priority order'),
      h('p', { class: 'fp-muted' }, 'At one instant an earlier workflow sends first, so the portfolio cap suppresses the later one’s message.'),
      workflowsTable(p, r.sd?.portfolio, workflows, contacts)),
    h('section', { class: 'fp-fc-card' },
      h('h3', {}, 'In two workflows at once'),
      pairsTable(p, r.sd?.portfolio, contacts)),
  ];
}

/** The heading over one workflow's own forecast, below the portfolio's. */
export function workflowHeading(id, count) {
  return h('div', { class: 'fp-fc-workflow-head', 'data-testid': 'forecast-workflow-head' },
    h('h3', {}, 'Workflow ', h('code', {}, String(id))),
    h('p', { class: 'fp-muted' }, `Its own forecast: the flow on the diagram, exits, sends and engagement. The switcher above the diagram shows another of the ${count} workflows.`));
}

// `sd` is the forecast's sd.portfolio (runs > 1): each count gets its ± beside it.
function workflowsTable(p, sd, workflows, contacts) {
  const cell = (testid, figure, id) => h('td', { class: 'fp-fc-n' }, value(testid, p[figure]?.[id], formatCount(p[figure]?.[id])), plusMinus(sd, [figure, id]));
  return h(
    'table',
    { class: 'fp-fc-table', 'data-testid': 'forecast-workflows' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Workflow'), h('th', { class: 'fp-fc-n' }, 'Enrolled'), h('th', {}, 'Share of contacts'), h('th', { class: 'fp-fc-n' }, 'Sent'), h('th', { class: 'fp-fc-n' }, 'Held back by the cap'), h('th', {}, 'Share of its sends'))),
    h(
      'tbody',
      {},
      workflows.map((id) => {
        const enrolled = Number(p.enrolled?.[id]) || 0;
        const sent = Number(p.sent?.[id]) || 0;
        const capped = Number(p.suppressed_by_portfolio_cap?.[id]) || 0;
        const attempted = Math.max(1, sent + capped);
        return h(
          'tr',
          { 'data-workflow': id },
          h('td', {}, h('code', {}, id)),
          cell('forecast-workflow-enrolled', 'enrolled', id),
          h('td', {}, meter(enrolled / contacts), ` ${formatRate(enrolled / contacts)}`),
          cell('forecast-workflow-sent', 'sent', id),
          cell('forecast-workflow-capped', 'suppressed_by_portfolio_cap', id),
          h('td', {}, capped ? [meter(capped / attempted), ` ${formatRate(capped / attempted)}`] : h('span', { class: 'fp-muted' }, 'none')),
        );
      }),
    ),
  );
}

function pairsTable(p, sd, contacts) {
  const valid = (pair) => Array.isArray(pair?.workflows) && pair.workflows.length === 2;
  const pairs = (Array.isArray(p.pairs) ? p.pairs : []).filter(valid).sort((a, b) => (Number(b.contacts) || 0) - (Number(a.contacts) || 0));
  // sd.pairs holds the same pairs, named by their two workflows in the same order.
  const deviations = new Map((Array.isArray(sd?.pairs) ? sd.pairs : []).filter(valid).map((pair) => [pair.workflows.join('\n'), pair]));
  if (!pairs.length) return h('p', { class: 'fp-muted', 'data-testid': 'forecast-no-pairs' }, 'Nobody is in two workflows at once.');
  return h(
    'table',
    { class: 'fp-fc-table', 'data-testid': 'forecast-pairs' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Workflows'), h('th', { class: 'fp-fc-n' }, 'Contacts in both at once'), h('th', {}, 'Share of contacts'))),
    h(
      'tbody',
      {},
      pairs.map((pair) => {
        const [a, b] = pair.workflows.map(String);
        const n = Number(pair.contacts) || 0;
        return h(
          'tr',
          { 'data-pair': `${a} + ${b}` },
          h('td', {}, h('code', {}, a), ' + ', h('code', {}, b)),
          h('td', { class: 'fp-fc-n' }, value('forecast-pair-contacts', pair.contacts, formatCount(pair.contacts)), plusMinus(deviations.get(`${a}\n${b}`), ['contacts'])),
          h('td', {}, meter(n / contacts), ` ${formatRate(n / contacts)}`),
        );
      }),
    ),
  );
}
