// The timeline: what happened to the selected contact (or to everyone),
// grouped by moment, each line in plain words with the reason behind it,
// and the fixture's script entries (the events and data changes that
// caused them) woven in. Clicking a message line opens its preview;
// clicking a node line selects the node on the diagram.
//
//   renderTimeline(container, model, { openMessage, selectNode, selectContact });

import { h, replace } from '../shared/dom.js';
import { describeTrigger, explainContext, explainLine, explainScriptEntry } from './explain.js';
import { formatDuration, formatLocal, parseTimestamp } from './time.js';
import { formatOffset, secondsOf } from '../shared/format.js';

/** Lines shown at most (the rest are summarised). */
const MAX_LINES = 1500;

const TONE_GLYPH = {
  script: '↯',
  enrolled: '▶',
  rejected: '⊘',
  entered: '→',
  branch: '⋔',
  split: '⚖',
  wait: '◔',
  resumed: '▶',
  sent: '✉',
  suppressed: '✕',
  updated: '✎',
  exited: '■',
  error: '!',
};

/**
 * Entries for one contact or everyone: trace lines and script entries up to
 * now, in time order (script entries first at the same instant: they cause
 * what follows).
 */
function timelineEntries(model, contactId) {
  const { trace, fixture, status } = model;
  const start = status ? status.startSeconds : NaN;
  const now = status ? status.nowSeconds : NaN;
  const steps = status?.steps ?? 0;
  const entries = [];
  const script = Array.isArray(fixture?.script) ? fixture.script : [];
  // Everyone's trace comes as its latest lines: script entries before them
  // are not shown either.
  const from = !contactId && model.traceFrom > 0 && trace.length ? secondsOf(trace[0].t) : -Infinity;
  if (steps > 0) {
    script.forEach((entry, index) => {
      if (contactId && entry?.contact !== contactId) return;
      const at = parseTimestamp(entry?.at, start);
      if (at === null || at > now || at < from) return;
      entries.push({ kind: 'script', t: at, order: index, entry, contact: entry.contact });
    });
  }
  trace.forEach((line, index) => {
    if (contactId && line.contact !== contactId) return;
    entries.push({ kind: 'trace', t: secondsOf(line.t), order: script.length + index, line, contact: line.contact });
  });
  entries.sort((a, b) => a.t - b.t || (a.kind === b.kind ? a.order - b.order : a.kind === 'script' ? -1 : 1));
  return entries;
}

/**
 * @param {HTMLElement} container
 * @param {object} model the app's view model
 * @param {{openMessage: Function, selectNode: Function, selectContact: Function, setScope: Function}} actions
 */
export function renderTimeline(container, model, actions) {
  const scope = model.timelineScope;
  const contactId = scope === 'all' ? null : model.selectedContact;
  const contact = contactId ? model.contactById.get(contactId) : null;
  const head = h(
    'div',
    { class: 'fp-panel-head' },
    h('h2', { class: 'fp-panel-title' }, 'What happened', contact ? h('span', { class: 'fp-muted' }, ` — ${contactId}`) : scope === 'all' ? h('span', { class: 'fp-muted' }, ' — everyone') : null),
    h(
      'div',
      { class: 'fp-segmented', role: 'group', 'aria-label': 'Whose timeline' },
      h('button', { type: 'button', class: 'fp-seg', 'aria-pressed': String(scope !== 'all'), on: { click: () => actions.setScope('contact') } }, 'Selected contact'),
      h('button', { type: 'button', class: 'fp-seg', 'aria-pressed': String(scope === 'all'), 'data-testid': 'timeline-everyone', on: { click: () => actions.setScope('all') } }, 'Everyone'),
    ),
  );
  const list = h('ol', { class: 'fp-timeline', 'data-testid': 'timeline', 'aria-live': 'polite' });
  if (!model.status) {
    replace(container, head, h('p', { class: 'fp-empty' }, model.problems?.length ? 'The fixture has problems: fix them under Fixture JSON (below) and it runs at once.' : 'Load an example to see what happens to each contact.'));
    return;
  }
  if (scope !== 'all' && !contact) {
    replace(container, head, h('p', { class: 'fp-empty' }, 'Select a contact on the left to follow it through the workflow.'));
    return;
  }
  const entries = timelineEntries(model, contactId);
  // One context per contact (and in a portfolio per workflow too): each
  // line is explained against the workflow it names.
  const contexts = new Map();
  const workflows = new Map((model.portfolio?.workflows ?? []).map((w) => [w.id, w]));
  const ctxFor = (id, workflowId) => {
    const key = `${workflowId ?? ''}\u0000${id}`;
    if (!contexts.has(key)) contexts.set(key, explainContext(workflowId === undefined ? model.workflow : workflows.get(workflowId), { messages: model.messages, zone: model.zoneOf(id) }));
    return contexts.get(key);
  };
  let lastT = null;
  let group = null;
  let shown = 0;
  if (!contactId && model.traceFrom > 0) {
    list.append(h('li', { class: 'fp-note', 'data-testid': 'timeline-latest' }, `The latest ${model.trace.length.toLocaleString('en-US')} of ${model.traceSize.toLocaleString('en-US')} lines; pick a contact to follow it from the start.`));
  }
  for (const e of entries) {
    const ctx = ctxFor(e.contact, e.line?.workflow);
    let item;
    if (e.kind === 'script') {
      item = lineItem('script', explainScriptEntry(e.entry), scriptDetail(e, entries, model), null);
    } else {
      const { text: words, detail, tone } = explainLine(e.line, ctx);
      item = lineItem(tone, words, detail, e.line);
      if (e.line.kind === 'sent') {
        item.classList.add('fp-tl--link');
        item.setAttribute('tabindex', '0');
        item.setAttribute('role', 'button');
        item.title = 'Show this message';
        const open = () => actions.openMessage({ t: e.line.t, contact: e.line.contact, node: e.line.node, template: e.line.template });
        item.addEventListener('click', open);
        item.addEventListener('keydown', (ev) => ev.key === 'Enter' && open());
      } else if (e.line.node && (e.line.kind === 'entered' || e.line.kind === 'suppressed')) {
        item.addEventListener('click', () => actions.selectNode(e.line.node, e.line.workflow));
      }
      if (e.line.workflow !== undefined) item.querySelector('.fp-tl-text').prepend(workflowTag(e.line.workflow, workflows.get(e.line.workflow), model.workflowId, actions), ' ');
    }
    if (scope === 'all') {
      const who = h('button', { type: 'button', class: 'fp-tl-who', on: { click: (ev) => (ev.stopPropagation(), actions.selectContact(e.contact)) } }, e.contact);
      item.querySelector('.fp-tl-text').prepend(who, ' ');
    }
    if (e.t !== lastT || !group) {
      lastT = e.t;
      const zone = model.zoneOf(contactId ?? null);
      group = h('ol', { class: 'fp-tl-items' });
      list.append(
        h(
          'li',
          { class: 'fp-tl-moment', 'data-t': String(e.t) }, // seconds: compare.js finds a contact's first difference by it
          h('div', { class: 'fp-tl-when' }, h('span', { class: 'fp-tl-local' }, formatLocal(e.t, zone)), h('span', { class: 'fp-tl-rel' }, formatOffset(e.t - model.status.startSeconds))),
          group,
        ),
      );
    }
    group.append(item);
    if (++shown >= MAX_LINES) {
      list.append(h('li', { class: 'fp-note' }, `Only the first ${MAX_LINES} lines are shown; ${entries.length - MAX_LINES} more are in the trace.`));
      break;
    }
  }
  const empty = entries.length
    ? null
    : h('p', { class: 'fp-empty', 'data-testid': 'timeline-empty' }, model.status.steps === 0 || !model.traceSize ? 'Nothing has happened yet: the clock is at the start. Press Step to move to the first moment when something happens.' : contact ? `Nothing has happened to ${contactId} yet.` : 'Nothing has happened yet.');
  replace(container, head, empty ?? list, contact ? whatNext(contact, model) : null);
  // Only the list scrolls (scrollIntoView would move the whole page).
  if (model.followLatest && !empty) list.scrollTop = list.scrollHeight;
}

// Why an event changed nothing: the most common surprise when testing.
function scriptDetail(e, entries, model) {
  if (typeof e.entry?.event !== 'string') return 'From the fixture script.';
  const reacted = entries.some((x) => x.kind === 'trace' && x.t === e.t && x.contact === e.contact);
  if (reacted) return 'From the fixture script.';
  const where = model.portfolio ? 'any workflow of the portfolio' : 'the workflow';
  const triggers = (model.portfolio?.workflows ?? [model.workflow]).flatMap((w) => w?.entry?.triggers ?? []).filter((t) => t?.type === 'event');
  const named = triggers.filter((t) => t.event === e.entry.event);
  if (!named.length) return `From the fixture script. Nothing in ${where} reacted to it${triggers.length ? ` (${model.portfolio ? 'they start' : 'it starts'} on ${triggers.map(describeTrigger).join(' or ')})` : ''}.`;
  return `From the fixture script. Nothing in ${where} reacted to it: the trigger wants ${named.map(describeTrigger).join(' or ')}.`;
}

// In a portfolio, which workflow a line is about; a click shows that
// workflow in the diagram.
function workflowTag(id, workflow, shownId, actions) {
  const name = typeof workflow?.name === 'string' && workflow.name ? workflow.name : id;
  return h(
    'button',
    { type: 'button', class: `fp-tl-wf${id === shownId ? ' fp-tl-wf--shown' : ''}`, 'data-testid': 'timeline-workflow', title: `Workflow '${id}': show it in the diagram`, on: { click: (ev) => (ev.stopPropagation(), actions.selectWorkflow(id)) } },
    name,
  );
}

function lineItem(tone, words, detail, line) {
  return h(
    'li',
    { class: `fp-tl fp-tl--${tone}`, 'data-kind': line?.kind ?? 'script', ...(line?.node ? { 'data-node': line.node } : {}) },
    h('span', { class: 'fp-tl-glyph', 'aria-hidden': 'true' }, Object.hasOwn(TONE_GLYPH, tone) ? TONE_GLYPH[tone] : '•'),
    h('span', { class: 'fp-tl-body' }, h('span', { class: 'fp-tl-text' }, words), detail ? h('span', { class: 'fp-tl-detail' }, detail) : null),
  );
}

function whatNext(contact, model) {
  const zone = model.zoneOf(contact.id);
  let textValue = '';
  if (contact.state === 'waiting') {
    if (contact.until) {
      const left = secondsOf(contact.until) - model.status.nowSeconds;
      textValue = `Next: the wait ends ${formatLocal(contact.until, zone)} (in ${formatDuration(left)})`;
      if (contact.waiting_for?.event) textValue = `Next: waiting for '${contact.waiting_for.event}', at most until ${formatLocal(contact.until, zone)}`;
    } else if (contact.waiting_for?.event) textValue = `Next: waiting for the event '${contact.waiting_for.event}'`;
    else textValue = 'Next: waiting';
  } else if (contact.state === 'not_enrolled') {
    textValue = model.status.finished ? 'This contact was never enrolled.' : 'Not enrolled yet.';
  } else if (contact.state === 'exited') {
    textValue = `Done: left the workflow (${String(contact.exit_reason ?? 'completed').replace(/_/g, ' ')}).`;
  }
  if (model.status.finished && contact.state === 'waiting') textValue += ' — after the end of this test run.';
  return textValue ? h('p', { class: 'fp-next', 'data-testid': 'timeline-next' }, textValue) : null;
}
