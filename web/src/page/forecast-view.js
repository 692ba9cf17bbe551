// The Forecast tab: choose the audience size and runs, run it in the
// worker with a progress bar and Cancel, then read what the whole audience
// would do: enrolment and the goal with its interval, fatigue, time to
// goal, sends per day per channel and the variants (charts,
// forecast-charts.js), exits by reason and engagement per message (tables),
// and CSV / HTML downloads. The flow counts go on the diagram
// (forecast-flow.js, diagram.js showFlow). A portfolio's forecast, across
// its workflows, is drawn by portfolio-forecast-view.js, then the forecast
// of the workflow the diagram shows as here.
//
//   const panel = new ForecastPanel(tabPanel, page.forecast);
//   panel.render(page.forecast.model());
//   panel.progress(0.42);
//
// The controls are built once (so typing in them is never redrawn under the
// cursor); the results are built again only for a new result. Every value
// shown carries its raw number in data-value, for the browser test. All
// names (templates, reasons, labels) enter as text.
//
// The results are drawn a piece per task (renderResult): the caption and
// the KPIs at once, then each table and each chart after the browser has
// painted what came before, so no single task of the main thread grows
// long (README "Benchmarks": a loaded 2-core machine took 60-340 ms in one
// task for all of it). `panel.drawing` settles when the last piece is in;
// the controller holds the page busy until then. The fonts the results use
// are readied ahead (warmFonts), while the user chooses the size.

import { button, h, replace, text } from '../shared/dom.js';
import { chartWidth, sendsChart, variantCharts } from './forecast-charts.js';
import { audienceWords, formatCount, formatInterval, formatRate, kpi, meter, nextFrame, pending, plusMinus, value } from './forecast-parts.js';
import { portfolioResult, workflowHeading } from './portfolio-forecast-view.js';
import './forecast.css';

export class ForecastPanel {
  /**
   * @param {HTMLElement} container the tab's panel
   * @param {import('./forecast.js').ForecastController} actions
   */
  constructor(container, actions) {
    this.container = container;
    this.actions = actions;
    this.charts = [];
    this.shownResult = undefined;
    this.generation = 0; // renderResult's drawings: a newer one stops an older one between pieces
    this.drawing = Promise.resolve(); // settles when the shown result is drawn in full

    this.sizeInput = h('input', {
      type: 'number', class: 'fp-input fp-fc-size', min: 0, step: 1000, 'data-testid': 'forecast-size', 'aria-label': 'Audience size',
      on: { change: () => actions.setSize(this.sizeInput.value === '' ? NaN : Number(this.sizeInput.value)) },
    });
    this.runsInput = h('input', {
      type: 'number', class: 'fp-input fp-fc-runs', min: 1, max: 100, step: 1, 'data-testid': 'forecast-runs', 'aria-label': 'Runs',
      on: { change: () => actions.setRuns(Number(this.runsInput.value)) },
    });
    this.runButton = button('Run forecast', () => this.submit(), { variant: 'primary', testid: 'forecast-run', title: 'Draw the audience and run it through the workflow, counting (in the background)' });
    this.cancelButton = button('Cancel', () => actions.cancel(), { testid: 'forecast-cancel', title: 'Stop the forecast' });
    this.bar = h('progress', { class: 'fp-fc-bar', max: 1, value: 0, 'data-testid': 'forecast-progress', 'aria-label': 'Forecast progress' });
    this.barText = h('span', { class: 'fp-fc-bar-text', 'data-testid': 'forecast-progress-text' }, '');
    this.flowToggle = h('input', { type: 'checkbox', 'data-testid': 'forecast-on-diagram', on: { change: () => actions.setOnDiagram(this.flowToggle.checked) } });
    this.csvButton = button('Download CSV', () => actions.download('csv'), { testid: 'forecast-csv', title: 'The forecast as flowproof forecast --format csv writes it' });
    this.htmlButton = button('Download HTML', () => actions.download('html'), { testid: 'forecast-html', title: 'One self-contained page, as flowproof forecast --format html writes it' });
    this.note = h('p', { class: 'fp-fc-note', 'data-testid': 'forecast-note' });
    this.messageLine = h('p', { class: 'fp-fc-message', role: 'status', 'data-testid': 'forecast-message' });
    this.staleLine = h(
      'div',
      { class: 'fp-banner fp-banner--info fp-fc-stale', 'data-testid': 'forecast-stale', hidden: true },
      h('span', { class: 'fp-banner-text' }, 'The fixture was edited since this forecast: the numbers below are for the version before.'),
      button('Rerun', () => actions.run(), { variant: 'primary', testid: 'forecast-rerun' }),
    );
    this.results = h('div', { class: 'fp-fc-results', 'data-testid': 'forecast-results' });
    this.warm = h('div', { class: 'fp-fc-warm', 'aria-hidden': 'true' });

    replace(
      container,
      h(
        'div',
        { class: 'fp-fc' },
        h('div', { class: 'fp-fc-head' },
          h('h2', { class: 'fp-panel-title' }, 'Forecast: what the whole audience will do'),
          h('p', { class: 'fp-muted' }, 'The fixture’s population is drawn from its seed, run through the workflow with its reactions, and counted in the simulator (no trace kept): the same numbers as flowproof forecast.')),
        this.note,
        h('form', { class: 'fp-fc-controls', on: { submit: (e) => { e.preventDefault(); this.submit(); } } },
          h('label', { class: 'fp-fc-field' }, 'Audience size ', this.sizeInput),
          h('label', { class: 'fp-fc-field', title: 'More runs average over seeds seed, seed+1, … and give standard deviations' }, 'Runs ', this.runsInput),
          this.runButton,
          this.cancelButton,
          h('span', { class: 'fp-fc-progress' }, this.bar, this.barText),
          h('span', { class: 'fp-fc-spacer' }),
          h('label', { class: 'fp-check' }, this.flowToggle, ' Flow on the diagram')),
        this.messageLine,
        this.staleLine,
        this.results,
        this.warm,
      ),
    );
    this.warmFonts();
  }

  /**
   * Draws, hidden, one sample of each font size and weight the results use
   * that the rest of the page may not (and the diagram's flow counts), one
   * per frame, then takes them away.
   * Chromium on Linux asks the browser process (a synchronous call) for a
   * font's rendering style the first time a size and weight is drawn; on a
   * loaded machine each answer took 15-150 ms, and the KPIs needed four at
   * once: 144 ms of a 184 ms layout in the trace. Asked ahead, while the
   * user chooses the size or the forecast runs, each lands in a task of
   * its own. The canvas fonts are uPlot's axis fonts (its defaults).
   */
  async warmFonts() {
    const samples = [
      h('div', { class: 'fp-fc-kpi' }, h('div', { class: 'fp-fc-kpi-label' }, 'Goal 0'), h('div', { class: 'fp-fc-kpi-main' }, '0.0% ', h('span', { class: 'fp-fc-sd' }, '± 0')), h('div', { class: 'fp-fc-kpi-sub fp-muted' }, '0 · 0')),
      h('section', { class: 'fp-fc-card' }, h('h3', {}, 'Exits'), h('p', { class: 'fp-muted' }, 'Each 0'), h('p', { class: 'fp-fc-foot' }, '0')),
      h('table', { class: 'fp-fc-table' }, h('tbody', {}, h('tr', {}, h('th', {}, 'Sent 0'), h('td', {}, h('code', {}, 'welcome_0'), ' 0 ', h('span', { class: 'fp-fc-badge' }, ' winner'))))),
      h('div', {}, h('div', { class: 'u-title' }, 'Goal 0%'), h('div', { class: 'u-legend' }, 'Email 0')),
      h('span', { class: 'fp-flow-count' }, '≈0 · 0%'), // the diagram's flow counts (forecast.css)
    ];
    for (const sample of samples) {
      await nextFrame();
      this.warm.append(sample);
    }
    await nextFrame();
    const ctx = document.createElement('canvas').getContext('2d');
    const family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"';
    for (const weight of ['', 'bold ']) {
      if (!ctx) break;
      ctx.font = `${weight}${Math.round(12 * devicePixelRatio)}px ${family}`;
      ctx.measureText('Nov 20%');
    }
    await nextFrame();
    this.warm.replaceChildren();
  }

  /** Reads the inputs (a change event may not have fired yet) and runs. */
  submit() {
    this.actions.setSize(this.sizeInput.value === '' ? NaN : Number(this.sizeInput.value));
    this.actions.setRuns(Number(this.runsInput.value));
    this.actions.run();
  }

  progress(fraction) {
    this.bar.value = fraction;
    text(this.barText, `${Math.floor(fraction * 100)}%${this.bar.dataset.drawing === '1' && fraction >= 1 ? ' · drawing…' : ''}`);
  }

  /** @param {ReturnType<import('./forecast.js').ForecastController['model']>} m */
  render(m) {
    const running = !!m.running;
    if (document.activeElement !== this.sizeInput) this.sizeInput.value = m.size === null ? '' : String(m.size);
    if (document.activeElement !== this.runsInput) this.runsInput.value = String(m.runs);
    this.sizeInput.disabled = running || !m.population;
    this.runsInput.disabled = running;
    this.runButton.disabled = running || !m.loaded;
    this.cancelButton.hidden = !running;
    this.container.querySelector('.fp-fc-progress').hidden = !running && !m.result;
    if (running) this.progress(m.running.fraction);
    else if (m.result) this.progress(1);
    this.flowToggle.checked = m.onDiagram;
    this.csvButton.disabled = !m.result || running;
    this.htmlButton.disabled = !m.result || running;
    this.container.dataset.running = running ? '1' : '0';

    text(
      this.note,
      !m.loaded
        ? m.problems
          ? 'The fixture has problems (see Fixture JSON): a forecast needs a fixture that loads.'
          : 'Open a fixture to forecast.'
        : m.population
          ? `Population: ${formatCount(m.population.count)} contacts drawn from the seed${m.named ? `, plus ${m.named} named contact${m.named === 1 ? '' : 's'}` : ''}${m.portfolio ? `, run through the portfolio’s ${m.portfolio} workflows` : ''}. Change the audience size to forecast more (or fewer) without editing the fixture.`
          : `This fixture has no population, so a forecast counts only its ${m.named} named contact${m.named === 1 ? '' : 's'}. To forecast an audience, add "population" to the fixture (FORMAT.md, "Population"): the example “Welcome series: forecast…” has one.`,
    );
    this.note.classList.toggle('fp-fc-note--warn', m.loaded && !m.population);
    text(this.messageLine, m.message?.text ?? '');
    this.messageLine.dataset.kind = m.message?.kind ?? '';
    this.staleLine.hidden = !(m.edited && !running);

    // A portfolio's result shows the forecast of the workflow on the diagram:
    // drawn again when the switcher picks another.
    if (m.result !== this.shownResult || m.shown !== this.shownForecast) {
      this.shownResult = m.result;
      this.shownForecast = m.shown;
      this.drawing = this.renderResult(m);
    }
  }

  /**
   * Draws a result a piece per task: the caption and KPIs now (before the
   * first await), then the flow on the diagram, the exits, the sends chart
   * (built, then drawn), the engagement table,
   * the variants table and each variant chart, each after a frame. A
   * newer call (another result) stops this one between pieces.
   */
  async renderResult(m) {
    const began = performance.now();
    const generation = ++this.generation;
    for (const c of this.charts) c.destroy();
    this.charts = [];
    if (!m.result) {
      this.drawingState(false);
      replace(this.results, h('p', { class: 'fp-muted fp-fc-empty' }, 'No forecast yet: choose the audience size and press Run forecast.'));
      return;
    }
    // What comes before the KPIs: the caption, or a portfolio's figures
    // across its workflows and the heading of the one on the diagram, whose
    // forecast (r) is drawn below as one workflow's.
    const r = m.shown;
    let head = [h('div', { class: 'fp-fc-caption-row' }, h('p', { class: 'fp-fc-caption', 'data-testid': 'forecast-caption' }, caption(m.result, m.ran)), this.csvButton, this.htmlButton)];
    if (m.result.portfolio) {
      head = portfolioResult(m.result, m.ran, [this.csvButton, this.htmlButton]);
      if (!r) {
        replace(this.results, ...head);
        this.drawingState(false);
        this.drawnAt = performance.now();
        return;
      }
      head.push(workflowHeading(m.workflow?.id, m.portfolio));
    }
    const deviation = (path, format) => plusMinus(r.sd, path, format);
    const goal = r.goal ?? null;
    // Percentiles only when someone reached the goal (else they are null).
    const ttg = r.time_to_goal?.p50 != null ? r.time_to_goal : null;
    const noGoal = m.workflow && m.workflow.exit?.goal === undefined;
    const notEnrolled = Object.values(r.not_enrolled ?? {}).reduce((a, b) => a + (Number(b) || 0), 0) - (Number(r.not_enrolled?.reenroll) || 0);

    const kpis = h(
      'div',
      { class: 'fp-fc-kpis' },
      kpi('Contacts', value('forecast-contacts', r.contacts, formatCount(r.contacts)), `${r.runs} run${r.runs === 1 ? '' : 's'}${r.runs > 1 ? ' (means)' : ''}`),
      kpi('Enrolled', h('span', {}, value('forecast-enrolled', r.enrolled, formatCount(r.enrolled)), deviation(['enrolled'])), `${formatRate(r.enrolled / Math.max(1, r.contacts))} of contacts · ${formatCount(notEnrolled)} not enrolled`),
      kpi(
        'Goal reached',
        goal && !noGoal ? h('span', {}, value('forecast-goal-rate', goal.rate, formatRate(goal.rate)), deviation(['goal', 'rate'], formatRate)) : value('forecast-goal-rate', goal?.rate ?? null, '—'),
        noGoal ? 'this workflow has no goal'
          : goal ? h('span', {}, value('forecast-goal-reached', goal.reached, formatCount(goal.reached)), ' contacts · 95% interval ', value('forecast-goal-ci', goal.ci95?.join(' '), formatInterval(goal.ci95))) : 'nobody enrolled',
      ),
      kpi('Most messages in 24 h', value('forecast-max-24h', r.per_contact?.messages_max_24h, formatCount(r.per_contact?.messages_max_24h)), h('span', {}, 'to one contact · mean ', value('forecast-mean-messages', r.per_contact?.messages_mean, formatCount(r.per_contact?.messages_mean)), ' per enrolled contact')),
      kpi('Time to goal', value('forecast-ttg-p50', ttg?.p50 ?? null, ttg ? `${ttg.p50}` : '—'), ttg ? `median · 90% within ${ttg.p90}` : noGoal ? 'this workflow has no goal' : 'nobody reached the goal'),
    );

    // The chart boxes keep a chart's height while they wait (fp-fc-chart--pending),
    // so what is below does not jump when the chart comes.
    const daysBox = h('div', { class: 'fp-fc-chart fp-fc-chart--pending', 'data-testid': 'forecast-chart-days' });
    const variantsBox = h('div', { class: 'fp-fc-chart', 'data-testid': 'forecast-chart-variants' });
    const hasVariants = Object.keys(r.variants ?? {}).length > 0;
    // Where the tables go: each placeholder is replaced by its table in a later task.
    const exitsSlot = pending();
    const messagesSlot = pending();
    const variantsSlot = hasVariants ? pending() : null;

    this.drawingState(true);
    replace(
      this.results,
      ...head,
      kpis,
      h('div', { class: 'fp-fc-grid' },
        h('section', { class: 'fp-fc-card' }, h('h3', {}, 'Sends per day, by channel'), h('p', { class: 'fp-muted' }, 'Each contact’s own calendar day (its time zone).'), daysBox),
        h('section', { class: 'fp-fc-card' }, h('h3', {}, 'Exits by reason'), exitsSlot)),
      h('section', { class: 'fp-fc-card' }, h('h3', {}, 'Engagement per message'), messagesSlot),
      h('section', { class: 'fp-fc-card' },
        h('h3', {}, 'Variants'),
        hasVariants ? h('div', {}, variantsSlot, variantsBox) : h('p', { class: 'fp-muted', 'data-testid': 'forecast-no-variants' }, 'This workflow has no split: no variants to compare.')),
      renderNote(r),
    );

    // Each piece after a frame; a newer result (or none) stops this drawing.
    // Each piece's script time is a User Timing measure ("flowproof forecast:
    // <piece>", the Performance panel's Timings; page-forecast.bench.mjs prints them).
    let piece = 'caption and KPIs';
    let start = began;
    const stale = async (next) => {
      await null; // after uPlot's own microtask (its draw), still in this task
      performance.measure(`flowproof forecast: ${piece}`, { start });
      await nextFrame();
      piece = next;
      start = performance.now();
      return generation !== this.generation;
    };
    if (await stale('flow on the diagram')) return;
    this.actions.drawFlow?.(); // the flow on the diagram, in a clean frame (forecast.js)
    if (await stale('exits')) return;
    // Tables are built detached and go in with one insertion each.
    exitsSlot.replaceWith(...[exitsTable(r), notEnrolledList(r)].filter(Boolean));
    if (await stale('sends chart, built')) return;
    // uPlot sizes itself from the width given: read it while nothing waits to be laid out.
    // A chart is built in one task and drawn in the next (forecast-charts.js).
    const days = sendsChart(daysBox, r.by_day, chartWidth(daysBox));
    if (days) {
      this.charts.push(days);
      if (await stale('sends chart, drawn')) return;
      days.draw();
    } else daysBox.append(h('p', { class: 'fp-muted' }, 'Nothing was sent.'));
    daysBox.classList.remove('fp-fc-chart--pending');
    if (await stale('engagement table')) return;
    messagesSlot.replaceWith(messagesTable(r));
    if (hasVariants) {
      if (await stale('variants table')) return;
      variantsSlot.replaceWith(variantsTable(r));
      if (await stale('first variant chart, built')) return;
      const width = chartWidth(variantsBox);
      for (const chart of variantCharts(variantsBox, r.variants, width)) {
        this.charts.push(chart);
        if (await stale('variant chart, drawn')) return;
        chart.draw();
        if (await stale('next variant chart')) return;
      }
    }
    await null;
    performance.measure(`flowproof forecast: ${piece}`, { start });
    this.drawingState(false);
    this.drawnAt = performance.now(); // the benchmark's end of drawing (page-forecast.bench.mjs)
  }

  /** Says (in the progress text, and aria-busy on the results) that the results are still being drawn. */
  drawingState(on) {
    this.bar.dataset.drawing = on ? '1' : '0';
    this.results.setAttribute('aria-busy', on ? 'true' : 'false');
    if (this.bar.value >= 1) this.progress(1);
  }
}

function caption(r, ran) {
  return `Forecast of ${formatCount(r.contacts)} contacts (${audienceWords(ran)} plus the named ones)${r.runs > 1 ? `, mean of ${r.runs} runs over consecutive seeds (± one standard deviation)` : ', one run'}.`;
}

function exitsTable(r) {
  const exits = Object.entries(r.exits ?? {});
  const total = exits.reduce((a, [, n]) => a + (Number(n) || 0), 0);
  if (!exits.length) return h('p', { class: 'fp-muted' }, 'No exits.');
  return h(
    'table',
    { class: 'fp-fc-table', 'data-testid': 'forecast-exits' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Reason'), h('th', { class: 'fp-fc-n' }, 'Exits'), h('th', {}, 'Share'))),
    h('tbody', {}, exits.map(([reason, n]) => h('tr', { 'data-reason': reason }, h('td', {}, reason), h('td', { class: 'fp-fc-n' }, value('forecast-exit', n, formatCount(n))), h('td', {}, meter(n / Math.max(1, total)), ` ${formatRate(n / Math.max(1, total))}`)))),
  );
}

function notEnrolledList(r) {
  const items = Object.entries(r.not_enrolled ?? {}).filter(([, n]) => n > 0);
  if (!items.length) return null;
  const words = { no_trigger: 'no trigger fired', audience: 'refused by the audience', reenroll: 'refused re-enrolment (also enrolled)' };
  return h('p', { class: 'fp-muted fp-fc-not-enrolled', 'data-testid': 'forecast-not-enrolled' }, 'Not enrolled: ', items.map(([k, n], i) => h('span', { 'data-reason': k }, i ? '; ' : '', `${formatCount(n)} ${Object.hasOwn(words, k) ? words[k] : k}`)));
}

function messagesTable(r) {
  const messages = Object.entries(r.messages ?? {});
  if (!messages.length) return h('p', { class: 'fp-muted' }, 'The workflow sends nothing.');
  const rendered = r.render?.templates ?? {};
  return h(
    'table',
    { class: 'fp-fc-table', 'data-testid': 'forecast-messages' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Message'), h('th', {}, 'Channel'), h('th', { class: 'fp-fc-n' }, 'Sent'), h('th', {}, 'Suppressed'), h('th', {}, 'Reactions (share of sent)'), h('th', {}, 'Rendered sample'))),
    h(
      'tbody',
      {},
      messages.map(([name, m]) => {
        const suppressed = Object.entries(m?.suppressed ?? {});
        const events = Object.entries(m?.events ?? {});
        const sample = rendered[name];
        return h(
          'tr',
          { 'data-template': name },
          h('td', {}, h('code', {}, name)),
          h('td', {}, String(m?.channel ?? '')),
          h('td', { class: 'fp-fc-n' }, value('forecast-sent', m?.sent, formatCount(m?.sent))),
          h('td', {}, suppressed.length ? suppressed.map(([why, n], i) => h('span', { 'data-suppressed': why }, i ? '; ' : '', `${why} `, value('forecast-suppressed', n, formatCount(n)))) : h('span', { class: 'fp-muted' }, 'none')),
          h('td', {}, events.length ? events.map(([ev, n], i) => h('span', { class: 'fp-fc-event', 'data-event': ev }, i ? ' · ' : '', `${ev} `, value('forecast-event', n, formatCount(n)), ` (${formatRate(n / Math.max(1, m?.sent ?? 0))})`)) : h('span', { class: 'fp-muted' }, '—')),
          h('td', {}, sample ? `${formatCount(sample.rendered)} rendered, ${formatCount(sample.failed)} failed${sample.sms_segments_max !== undefined ? `, up to ${sample.sms_segments_max} SMS segments` : ''}` : '—'),
        );
      }),
    ),
  );
}

function variantsTable(r) {
  const rows = [];
  for (const [split, info] of Object.entries(r.variants ?? {})) {
    for (const [label, v] of Object.entries(info ?? {})) {
      if (!v || typeof v !== 'object' || !('goal_rate' in v)) continue;
      rows.push(
        h(
          'tr',
          { 'data-split': split, 'data-variant': label, class: info.winner === label ? 'fp-fc-winner' : '' },
          h('td', {}, split),
          h('td', {}, label, info.winner === label ? h('span', { class: 'fp-fc-badge' }, ' winner') : null),
          h('td', { class: 'fp-fc-n' }, value('forecast-variant-contacts', v.contacts, formatCount(v.contacts))),
          h('td', { class: 'fp-fc-n' }, value('forecast-variant-rate', v.goal_rate, formatRate(v.goal_rate))),
          h('td', {}, formatInterval(v.ci95)),
          h('td', { class: 'fp-fc-n' }, formatP(info.p_value)),
        ),
      );
    }
  }
  return h(
    'table',
    { class: 'fp-fc-table', 'data-testid': 'forecast-variants' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Split'), h('th', {}, 'Variant'), h('th', { class: 'fp-fc-n' }, 'Contacts'), h('th', { class: 'fp-fc-n' }, 'Goal rate'), h('th', {}, '95% interval'), h('th', { class: 'fp-fc-n' }, 'p-value'))),
    h('tbody', {}, rows),
  );
}

/** A p-value as the core rounds it (6 places): 0 means below 0.000001. */
function formatP(p) {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '—';
  return p === 0 ? '< 0.000001' : String(p);
}

function renderNote(r) {
  const sample = r.render?.sample_per_template;
  if (sample === undefined) return null;
  return h('p', { class: 'fp-muted fp-fc-foot' }, `Counting needs no rendered messages: the first ${formatCount(sample)} sends of each template per run were rendered to check for render failures and SMS segments; a winner is named only when p < 0.05.`);
}
