// Unit tests of the Portfolio tab's pure modules (no browser): the map's
// graph and layout (web/src/page/portfolio-graph.js) and the day view's
// grouping by each contact's local day (web/src/page/day-grid.js).
//
//   node --test tests/browser/portfolio-units.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { enrollLinks, portfolioGraph, sharedEvents, turnOrder, workflowCounts } from '../../web/src/page/portfolio-graph.js';
import { collisionOf, datesBetween, dayGrid, localDate, localTime } from '../../web/src/page/day-grid.js';

const SHOP = new URL('../../fixtures/portfolio-shop/', import.meta.url);
const shopFixture = JSON.parse(readFileSync(new URL('shop.fixture.json', SHOP), 'utf8'));
const shopPortfolio = {
  workflows: shopFixture.workflows.map((file) => JSON.parse(readFileSync(new URL(file, SHOP), 'utf8'))),
  priority: shopFixture.portfolio.priority,
  frequencyCap: shopFixture.portfolio.frequency_cap,
};
const shopTrace = readFileSync(new URL('shop.trace.jsonl', SHOP), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

const eventWorkflow = (id, event, { source, nodes = {} } = {}) => ({ id, name: id, entry: { triggers: [{ type: 'event', event, ...(source ? { source } : {}) }] }, nodes });

describe('portfolio map graph', () => {
  test('the shop: five boxes in priority order, two unenroll arrows and one enroll arrow', () => {
    const g = portfolioGraph(shopPortfolio);
    assert.deepEqual(g.boxes.map((b) => [b.id, b.rank]), [['order-updates', 1], ['abandoned-cart', 2], ['welcome', 3], ['win-back', 4], ['promotion', 5]]);
    assert.deepEqual(
      g.edges.map((e) => [e.kind, e.from, e.to, e.node]),
      [['unenroll', 'order-updates', 'abandoned-cart', 'stop_cart'], ['unenroll', 'order-updates', 'win-back', 'stop_win_back'], ['enroll', 'welcome', 'promotion', 'to_promotion']],
    );
    assert.equal(g.events.length, 0, 'no two shop workflows enrol on the same event');
    assert.equal(g.overlaps.length, 0);
    assert.match(g.boxes.find((b) => b.id === 'order-updates').triggers[0], /purchase_completed/);
  });

  test('boxes never overlap, arcs of one row never share a path, and everything is inside the picture', () => {
    const workflows = Array.from({ length: 7 }, (_, i) => ({ id: `w${i}`, entry: { triggers: [] }, nodes: { go: { type: 'enroll', workflow: `w${(i + 2) % 7}`, next: 'end' } } }));
    const g = portfolioGraph({ workflows, priority: [] });
    for (const a of g.boxes) {
      assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.w <= g.width && a.y + a.h <= g.height, `${a.id} inside`);
      for (const b of g.boxes) if (a !== b) assert.ok(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, `${a.id} and ${b.id} overlap`);
    }
    assert.equal(new Set(g.edges.map((e) => e.d)).size, g.edges.length);
    assert.deepEqual(g.boxes.map((b) => b.triggers[0]), Array(7).fill('only by enroll nodes'));
  });

  test('shared trigger events: one pill per event, pairs without priority between them flagged as the lint rule does', () => {
    const portfolio = {
      workflows: [
        eventWorkflow('a', 'signup'),
        eventWorkflow('b', 'signup', { source: 'web' }),
        eventWorkflow('c', 'signup', { source: 'web' }),
        eventWorkflow('d', 'signup', { source: 'app' }),
        eventWorkflow('e', 'purchase'),
      ],
      priority: ['a', 'b'],
    };
    const { events, overlaps } = sharedEvents(portfolio);
    assert.deepEqual(events, [{ event: 'signup', workflows: ['a', 'b', 'c', 'd'] }], 'purchase has one workflow: no pill');
    // a-b ordered by priority; b-d and c-d: sources 'web' and 'app' never meet.
    assert.deepEqual(overlaps.map((o) => `${o.a}+${o.b}`).sort(), ['a+c', 'a+d', 'b+c']);
    const g = portfolioGraph(portfolio);
    assert.equal(g.events.length, 1);
    assert.equal(g.events[0].overlap, true);
    assert.deepEqual(g.events[0].links.map((l) => l.to), ['a', 'b', 'c', 'd']);
    assert.deepEqual(g.boxes.filter((b) => b.overlap).map((b) => b.id), ['a', 'b', 'c', 'd']);
    // Once every pair is in the priority, nothing is flagged.
    assert.equal(sharedEvents({ ...portfolio, priority: ['a', 'b', 'c', 'd'] }).overlaps.length, 0);
  });

  test('turn order: priority first, then the others as listed; unknown and repeated priority entries ignored', () => {
    const workflows = ['x', 'y', 'z'].map((id) => ({ id, nodes: {} }));
    assert.deepEqual(turnOrder({ workflows, priority: ['z', 'nope', 'z'] }).map((w) => w.id), ['z', 'x', 'y']);
  });

  test('nodes as an array, an arrow to a workflow outside the portfolio, and one to its own workflow', () => {
    const portfolio = {
      workflows: [
        { id: 'a', nodes: [{ id: 'leave', type: 'unenroll', workflow: 'a', next: 'x' }, { id: 'ghost', type: 'enroll', workflow: 'nowhere' }] },
        { id: 'b', nodes: { constructor: { type: 'enroll', workflow: 'a' } } },
      ],
      priority: [],
    };
    assert.deepEqual(enrollLinks(portfolio).map((l) => `${l.from}>${l.to}:${l.node}`), ['a>a:leave', 'a>nowhere:ghost', 'b>a:constructor']);
    const g = portfolioGraph(portfolio);
    assert.equal(g.edges.find((e) => e.node === 'ghost').missing, true);
    const a = g.boxes.find((b) => b.id === 'a');
    assert.ok(g.edges.find((e) => e.node === 'leave').d.startsWith(`M${a.x + a.w},`), 'a loop on the right edge of box a');
  });

  test('counts are shown only for the workflows they name', () => {
    const g = portfolioGraph(shopPortfolio, { counts: { welcome: { now: 2, ever: 3 } } });
    assert.deepEqual(g.boxes.find((b) => b.id === 'welcome').counts, { now: 2, ever: 3 });
    assert.equal(g.boxes.find((b) => b.id === 'promotion').counts, null);
  });
});

const sent = (t, contact, extra = {}) => ({ t, contact, workflow: 'w', kind: 'sent', channel: 'email', template: 'tpl', node: 'n', ...extra });

describe('day view grid', () => {
  test("a Berlin contact's 23:30 and 00:30 UTC are two UTC days but one local day: a collision", () => {
    const grid = dayGrid({ sends: [sent('2026-11-23T23:30:00Z', 'chloe'), sent('2026-11-24T00:30:00Z', 'chloe')], contacts: [{ id: 'chloe', timezone: 'Europe/Berlin' }] });
    const cell = grid.rows[0].cells['2026-11-24'];
    assert.deepEqual(cell.items.map((i) => i.local), ['00:30', '01:30']);
    assert.equal(cell.delivered, 2);
    assert.equal(cell.collision, 'day', 'exactly an hour apart is not under an hour');
    assert.equal(grid.rows[0].cells['2026-11-23'], undefined);
    assert.equal(grid.summary.collisionDays, 1);
    assert.deepEqual(grid.summary.maxPerDay, { count: 2, contact: 'chloe', date: '2026-11-24' });
  });

  test("one UTC day, two Berlin days (22:30 and 23:30 UTC): no collision, though under an hour apart", () => {
    const grid = dayGrid({ sends: [sent('2026-11-23T22:30:00Z', 'chloe'), sent('2026-11-23T23:30:00Z', 'chloe')], contacts: [{ id: 'chloe', timezone: 'Europe/Berlin' }] });
    assert.deepEqual(Object.keys(grid.rows[0].cells).sort(), ['2026-11-23', '2026-11-24']);
    assert.equal(grid.summary.collisionDays, 0);
    // The same two instants for a New York contact: one afternoon, under an hour apart.
    const ny = dayGrid({ sends: [sent('2026-11-23T22:30:00Z', 'ana'), sent('2026-11-23T23:20:00Z', 'ana')], contacts: [{ id: 'ana', timezone: 'America/New_York' }] });
    assert.equal(ny.rows[0].cells['2026-11-23'].collision, 'hour');
  });

  test('the day the clocks go back in Berlin: 02:30 twice is an hour apart, and one 25-hour day', () => {
    const times = ['2026-10-24T22:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T22:30:00Z'];
    assert.deepEqual(times.map((t) => localDate(t, 'Europe/Berlin')), Array(4).fill('2026-10-25'));
    assert.deepEqual(times.map((t) => localTime(t, 'Europe/Berlin')), ['00:30', '02:30', '02:30', '23:30']);
    const grid = dayGrid({ sends: times.slice(1, 3).map((t) => sent(t, 'chloe')), contacts: [{ id: 'chloe', timezone: 'Europe/Berlin' }] });
    assert.equal(grid.rows[0].cells['2026-10-25'].collision, 'day', 'the same wall-clock time, but an hour apart');
    assert.deepEqual(datesBetween('2026-10-24', '2026-10-26'), ['2026-10-24', '2026-10-25', '2026-10-26']);
    assert.deepEqual(datesBetween('2026-03-28', '2026-03-30'), ['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  test('strength: under an hour apart, at one instant; a suppressed send never counts', () => {
    assert.equal(collisionOf(['2026-11-27T09:00:00Z']), null);
    assert.equal(collisionOf(['2026-11-27T09:00:00Z', '2026-11-27T18:00:00Z']), 'day');
    assert.equal(collisionOf(['2026-11-27T18:00:00Z', '2026-11-27T09:00:00Z', '2026-11-27T09:59:59Z']), 'hour');
    assert.equal(collisionOf(['2026-11-27T09:00:00Z', '2026-11-27T09:00:00Z']), 'instant');
    const grid = dayGrid({
      sends: [sent('2026-11-27T09:00:00Z', 'ben'), sent('2026-11-27T09:00:00Z', 'ben', { kind: 'suppressed', reason: 'frequency_cap', cap: 'portfolio', workflow: 'promotion' }), sent('2026-11-27T10:00:00Z', 'ben', { kind: 'suppressed', reason: 'quiet_hours' })],
      contacts: [{ id: 'ben', timezone: 'Europe/London' }],
    });
    assert.equal(grid.rows[0].cells['2026-11-27'].collision, null);
    assert.deepEqual({ ...grid.summary.capSuppressed }, { promotion: 1 }, 'quiet hours is not the portfolio cap');
    assert.equal(grid.summary.suppressed, 2);
  });

  test("the shop's golden trace: no delivered collision; the cap spared Ben the Black Friday email beside the cart reminder", () => {
    const sends = shopTrace.filter((l) => l.kind === 'sent' || l.kind === 'suppressed');
    const zones = Object.fromEntries(shopFixture.contacts.map((c) => [c.id, c.timezone]));
    const grid = dayGrid({ sends, contacts: shopFixture.contacts, zoneOf: (id) => zones[id], start: '2026-11-23T00:00:00Z', now: '2026-12-03T00:00:00Z' });
    assert.equal(grid.summary.collisionDays, 0);
    assert.equal(grid.summary.maxPerDay.count, 1);
    assert.deepEqual({ ...grid.summary.capSuppressed }, { promotion: 1 });
    const ben = grid.rows.find((r) => r.contact === 'ben').cells['2026-11-27'];
    assert.deepEqual(ben.items.map((i) => [i.local, i.workflow, i.template, i.kind, i.cap]), [
      ['09:00', 'abandoned-cart', 'cart_still_there', 'sent', undefined],
      ['09:00', 'promotion', 'black_friday', 'suppressed', 'portfolio'],
    ]);
    // Columns: 22 Nov (evening in the Americas at the clock's start) to 3 Dec (00:00 UTC is 3 Dec in Berlin, 2 Dec in Los Angeles).
    assert.equal(grid.days[0], '2026-11-22');
    assert.equal(grid.days.at(-1), '2026-12-03');
    const cellOf = (id, d) => grid.rows.find((r) => r.contact === id).cells[d];
    assert.equal(cellOf('dev', '2026-11-22').outside, false);
    assert.equal(cellOf('chloe', '2026-11-22').outside, true);
    assert.equal(cellOf('dev', '2026-12-03').outside, true);
    assert.deepEqual(grid.rows.map((r) => r.contact), ['ana', 'ben', 'chloe', 'dev', 'eve'], 'the fixture order');
  });

  test('a long run keeps only the days with messages as columns', () => {
    const grid = dayGrid({ sends: [sent('2026-01-10T12:00:00Z', 'a'), sent('2026-06-10T12:00:00Z', 'a')], contacts: [{ id: 'a', timezone: 'UTC' }], start: '2026-01-01T00:00:00Z', now: '2026-12-31T00:00:00Z', maxDays: 62 });
    assert.equal(grid.compressed, true);
    assert.deepEqual(grid.days, ['2026-01-10', '2026-06-10']);
  });

  test('an unknown zone falls back to UTC instead of throwing', () => {
    const grid = dayGrid({ sends: [sent('2026-11-23T23:30:00Z', 'x')], contacts: [{ id: 'x', timezone: 'Mars/Olympus' }] });
    assert.equal(grid.rows[0].zone, 'UTC');
    assert.ok(grid.rows[0].cells['2026-11-23']);
  });
});

describe('workflow counts for the map', () => {
  test('in it now (active or waiting) and ever enrolled (any state but not_enrolled), per workflow', () => {
    const contacts = [
      { id: 'ana', workflows: { welcome: { state: 'exited' }, promotion: { state: 'waiting' } } },
      { id: 'ben', workflows: { welcome: { state: 'not_enrolled' }, promotion: { state: 'active' } } },
      { id: 'eve', workflows: { welcome: { state: 'waiting' }, promotion: { state: 'not_enrolled' } } },
    ];
    assert.deepEqual({ ...workflowCounts(contacts) }, { welcome: { now: 1, ever: 2 }, promotion: { now: 2, ever: 2 } });
    assert.equal(workflowCounts([{ id: 'ana', state: 'waiting' }]), null, 'summaries without workflows: no counts');
  });
});
