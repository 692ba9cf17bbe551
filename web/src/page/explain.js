// Plain words for a workflow and its trace: what each node does, what a
// condition asks, and why each trace line happened ("took branch 'US'
// because contact.country was 'US'"). Pure functions of their input (no
// DOM), so they are unit-tested in Node.
//
//   const ctx = explainContext(workflow, { messages, zone: 'America/New_York' });
//   for (const line of trace) {
//     const { text, detail, tone } = explainLine(line, ctx);
//   }
//   describeCondition({ '==': [{ var: 'contact.country' }, 'US'] })   // "contact.country is 'US'"
//   describeNode(workflow.nodes.wait_2d)                                // "waits 2 days"

import { formatDuration, formatLocal, parseDuration } from './time.js';
import { secondsOf } from '../shared/format.js';

const MAX_TEXT = 160;

/** A value as people write it: 'US', 60, true, nothing. */
function describeValue(value) {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${clip(value, 80)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length <= 5 && value.every((v) => v === null || typeof v !== 'object')) return `[${value.map(describeValue).join(', ')}]`;
  }
  return clip(JSON.stringify(value), 80);
}

function clip(textValue, max = MAX_TEXT) {
  const t = String(textValue);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function isOp(rule) {
  return rule !== null && typeof rule === 'object' && !Array.isArray(rule) && Object.keys(rule).length === 1;
}

function args(rule) {
  const value = Object.values(rule)[0];
  return Array.isArray(value) ? value : [value];
}

function durationWords(d) {
  const seconds = typeof d === 'string' ? parseDuration(d) : null;
  return seconds === null ? describeValue(d) : formatDuration(seconds);
}

const COMPARISONS = { '==': 'is', '===': 'is', '!=': 'is not', '!==': 'is not', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };
const ARITHMETIC = { '+': '+', '-': '−', '*': '×', '/': '÷', '%': 'mod' };

/**
 * A JsonLogic rule (with FORMAT.md's extra operations) in words. Unknown
 * shapes fall back to compact JSON.
 * @param {any} rule
 * @returns {string}
 */
export function describeCondition(rule) {
  return clip(describe(rule, 0));
}

function describe(rule, depth) {
  if (depth > 12) return '…';
  if (!isOp(rule)) {
    if (Array.isArray(rule)) return `[${rule.map((r) => describe(r, depth + 1)).join(', ')}]`;
    return describeValue(rule);
  }
  const op = Object.keys(rule)[0];
  const a = args(rule);
  const sub = (r) => {
    const t = describe(r, depth + 1);
    return isOp(r) && ['and', 'or', 'if', '?:'].includes(Object.keys(r)[0]) ? `(${t})` : t;
  };
  switch (op) {
    case 'var': {
      const path = a[0];
      if (path === '' || path === null || path === undefined) return 'the value';
      return a.length > 1 ? `${path} (default ${describeValue(a[1])})` : String(path);
    }
    case '==':
    case '===':
    case '!=':
    case '!==':
      if (a.length === 2 && a[1] === null) return `${sub(a[0])} ${op.startsWith('!') ? 'is set' : 'is not set'}`;
      return `${sub(a[0])} ${COMPARISONS[op]} ${sub(a[1])}`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (a.length === 3) return `${sub(a[0])} ${COMPARISONS[op]} ${sub(a[1])} ${COMPARISONS[op]} ${sub(a[2])}`;
      return `${sub(a[0])} ${COMPARISONS[op]} ${sub(a[1])}`;
    case 'and':
      return a.map(sub).join(' and ');
    case 'or':
      return a.map(sub).join(' or ');
    case '!':
      return `not ${sub(a[0])}`;
    case '!!':
      return `${sub(a[0])} is set`;
    case 'in':
      if (typeof a[1] === 'string') return `${sub(a[0])} appears in ${describeValue(a[1])}`;
      if (Array.isArray(a[1])) return `${sub(a[0])} is one of ${a[1].map(describeValue).join(', ')}`;
      return `${sub(a[1])} contains ${sub(a[0])}`;
    case 'missing':
      return `${(Array.isArray(a[0]) ? a[0] : a).map(String).join(', ')} missing`;
    case 'if':
    case '?:':
      if (a.length >= 3) return `if ${sub(a[0])} then ${sub(a[1])} else ${sub(a[2])}`;
      return `if ${sub(a[0])} then ${sub(a[1])}`;
    case 'has_event':
      return `the contact had event '${a[0]}' in the last ${durationWords(a[1])}${a[2] !== undefined ? ` where ${sub(a[2])}` : ''}`;
    case 'count_events':
      return `number of '${a[0]}' events in the last ${durationWords(a[1])}${a[2] !== undefined ? ` where ${sub(a[2])}` : ''}`;
    case 'days_since':
      return `days since ${sub(a[0])}`;
    case 'hours_since':
      return `hours since ${sub(a[0])}`;
    case 'date_add':
      return `${sub(a[0])} + ${durationWords(a[1])}`;
    case 'in_list':
      return `the contact is on list '${a[0]}'`;
    case 'cat':
      return a.map(sub).join(' ⧺ ');
    default:
      if (ARITHMETIC[op] && a.length >= 2) return a.map(sub).join(` ${ARITHMETIC[op]} `);
      return clip(JSON.stringify(rule), 80);
  }
}

/** The node's title: its `name` (or `label`/`title`) when given, else its id. */
export function nodeTitle(workflow, id) {
  const node = workflow?.nodes && Object.hasOwn(workflow.nodes, String(id)) ? workflow.nodes[id] : undefined;
  const name = node && (node.name ?? node.label ?? node.title);
  return typeof name === 'string' && name ? name : String(id ?? '');
}

const CHANNEL_WORDS = { email: 'email', sms: 'SMS', push: 'push', ad_audience: 'ad audience', webhook: 'webhook' };
const DAY_WORDS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "email", "SMS", "push", "ad audience", "webhook". */
export function channelWord(channel) {
  return Object.hasOwn(CHANNEL_WORDS, String(channel)) ? CHANNEL_WORDS[channel] : String(channel ?? 'message');
}

/**
 * What a node does, in a few words: "sends email 'welcome'", "waits 2 days".
 * @param {object} node
 */
export function describeNode(node) {
  if (!node || typeof node !== 'object') return '';
  switch (node.type) {
    case 'send':
      return node.channel === 'ad_audience'
        ? `syncs ad audience '${node.template}'`
        : node.channel === 'webhook'
          ? `calls webhook '${node.template}'`
          : `sends ${channelWord(node.channel)} '${node.template}'`;
    case 'update': {
      const parts = [];
      if (node.set && typeof node.set === 'object') parts.push(`sets ${Object.keys(node.set).join(', ')}`);
      if (node.increment && typeof node.increment === 'object') parts.push(`adds to ${Object.keys(node.increment).join(', ')}`);
      if (Array.isArray(node.add_to_lists) && node.add_to_lists.length) parts.push(`adds to list ${node.add_to_lists.join(', ')}`);
      if (Array.isArray(node.remove_from_lists) && node.remove_from_lists.length) parts.push(`removes from list ${node.remove_from_lists.join(', ')}`);
      return parts.length ? parts.join('; ') : 'updates the contact';
    }
    case 'branch': {
      const n = Array.isArray(node.branches) ? node.branches.length : 0;
      return `checks ${n} condition${n === 1 ? '' : 's'}`;
    }
    case 'split': {
      const n = Array.isArray(node.variants) ? node.variants.length : 0;
      return `${node.mode === 'random' ? 'random' : 'A/B'} split into ${n}`;
    }
    case 'wait':
      if (node.for !== undefined) return `waits ${durationWords(node.for)}`;
      if (node.until && typeof node.until === 'object') {
        const days = Array.isArray(node.until.days) && node.until.days.length ? ` on ${node.until.days.map((d) => (Object.hasOwn(DAY_WORDS, String(d)) ? DAY_WORDS[d] : d)).join(', ')}` : '';
        return `waits until ${node.until.time ?? '?'}${days}`;
      }
      if (node.for_expr !== undefined) return 'waits a computed time';
      if (node.until_expr !== undefined) return 'waits until a computed time';
      return 'waits';
    case 'wait_event':
      return `waits for '${node.event}'${node.timeout ? ` (up to ${durationWords(node.timeout)})` : ''}`;
    case 'wait_until':
      return `waits until ${describeCondition(node.condition)}${node.timeout ? ` (up to ${durationWords(node.timeout)})` : ''}`;
    case 'exit':
      return `exit${node.reason ? ` (${node.reason})` : ''}`;
    case 'enroll':
      return `enrols in workflow '${node.workflow}'`;
    case 'unenroll':
      return `takes out of workflow '${node.workflow}'`;
    default:
      return String(node.type ?? '');
  }
}

/** The node's outgoing edges: [{to, label, kind}] in the workflow's order. */
export function nodeEdges(node) {
  const out = [];
  if (!node || typeof node !== 'object') return out;
  const add = (to, label, kind = 'next') => {
    if (typeof to === 'string' && to) out.push({ to, label, kind });
  };
  switch (node.type) {
    case 'branch':
      for (const b of Array.isArray(node.branches) ? node.branches : []) add(b?.next, String(b?.label ?? ''), 'branch');
      add(node.else, 'else', 'else');
      break;
    case 'split':
      for (const v of Array.isArray(node.variants) ? node.variants : []) add(v?.next, `${v?.label ?? ''}${Number.isFinite(v?.weight) ? ` · ${v.weight}` : ''}`, 'variant');
      break;
    case 'wait_event':
      add(node.next, `'${node.event}' arrived`, 'next');
      add(node.on_timeout, 'timeout', 'timeout');
      break;
    case 'wait_until':
      add(node.next, 'condition holds', 'next');
      add(node.on_timeout, 'timeout', 'timeout');
      break;
    case 'exit':
      break;
    default:
      add(node.next, '', 'next');
  }
  return out;
}

/** A trigger in words: "event 'form_submitted' (from web)". */
export function describeTrigger(trigger) {
  if (!trigger || typeof trigger !== 'object') return 'a trigger';
  switch (trigger.type) {
    case 'event':
      return `event '${trigger.event}'${trigger.source ? ` from ${trigger.source}` : ''}${trigger.where !== undefined ? ` where ${describeCondition(trigger.where)}` : ''}`;
    case 'condition':
      return `when ${describeCondition(trigger.condition)}`;
    case 'date': {
      const offset = trigger.offset ? parseDuration(trigger.offset) : 0;
      const rel = offset ? ` ${formatDuration(Math.abs(offset))} ${offset < 0 ? 'before' : 'after'}` : '';
      return `the date in '${trigger.attribute}'${rel}${trigger.at ? ` at ${trigger.at}` : ''}${trigger.every === 'year' ? ', every year' : ''}`;
    }
    case 'schedule':
      return `schedule ${trigger.at ?? ''}${trigger.every ? `, every ${durationWords(trigger.every)}` : ''}${trigger.local ? ' (local time)' : ''}`;
    case 'inactivity':
      return `no '${trigger.event}' for ${durationWords(trigger.for)}`;
    default:
      return `${trigger.type} trigger`;
  }
}

// The words of core/sim/trace_vocabulary.h (the text trace prints the same);
// tests/js/vocabulary.test.mjs checks them against `flowproof vocabulary`.
const REASONS = {
  no_consent: "the contact has not consented to this channel",
  no_address: 'the contact has no address for this channel',
  frequency_cap: 'the frequency cap was reached',
  quiet_hours: "it is quiet hours in the contact's zone",
  audience: "the contact is not in the workflow's audience",
  reenroll: 're-enrolment is not allowed yet',
  render_failed: 'the message could not be rendered',
};

/** A suppression or rejection reason in words. */
export function reasonWords(reason) {
  return Object.hasOwn(REASONS, String(reason)) ? REASONS[reason] : String(reason ?? '').replace(/_/g, ' ');
}

/**
 * Context for explaining one contact's trace lines.
 * @param {object} workflow the workflow document
 * @param {{messages?: Array<object>, zone?: string}} [options]
 */
export function explainContext(workflow, { messages = [], zone = 'UTC' } = {}) {
  return { workflow: workflow ?? {}, messages, zone, waitingSince: new Map(), waitingLine: new Map(), lastEntered: new Map() };
}

/** The recorded message for a `sent` line (same time, contact, node, template). */
function messageFor(line, messages) {
  return (messages ?? []).find((m) => m.t === line.t && m.contact === line.contact && m.node === line.node && m.template === line.template && m.workflow === line.workflow) ?? null;
}

/** One line of the subject or title of a rendered message, for the timeline. */
export function messageHeadline(message) {
  const m = message?.message ?? message;
  if (!m || typeof m !== 'object') return '';
  switch (m.channel ?? message?.channel) {
    case 'email':
      return m.subject ? `“${clip(m.subject, 90)}”` : '';
    case 'sms':
      return m.body ? `“${clip(m.body, 90)}”` : '';
    case 'push':
      return m.title || m.body ? `“${clip([m.title, m.body].filter(Boolean).join(' — '), 90)}”` : '';
    case 'ad_audience':
      return `${m.operation === 'remove' ? 'removed from' : 'added to'} audience ${describeValue(m.audience)}`;
    case 'webhook':
      return `${m.method ?? 'POST'} ${clip(m.url ?? '', 70)}`;
    default:
      return '';
  }
}

function readsWords(values) {
  if (!values || typeof values !== 'object') return '';
  const keys = Object.keys(values);
  if (!keys.length) return '';
  return keys.map((k) => (values[k] === null ? `${k} was not set` : `${k} was ${describeValue(values[k])}`)).join(', ');
}

/**
 * Explains one trace line. Call in trace order with one context per
 * contact (it remembers when each wait began).
 * @param {object} line {t, contact, kind, ...} (FORMAT.md "Trace")
 * @param {object} ctx explainContext()
 * @returns {{text: string, detail: string, tone: string}} tone: enrolled | rejected | entered | branch | split | wait | resumed | sent | suppressed | updated | exited | error
 */
export function explainLine(line, ctx) {
  const wf = ctx.workflow ?? {};
  const nodes = wf.nodes && typeof wf.nodes === 'object' ? wf.nodes : {};
  const node = Object.hasOwn(nodes, String(line.node)) ? nodes[line.node] : undefined;
  const title = (id) => `'${nodeTitle(wf, id)}'`;
  const local = (iso) => formatLocal(iso, ctx.zone);
  switch (line.kind) {
    case 'enrolled': {
      ctx.lastEntered.delete(line.contact);
      // A portfolio's enroll node (FORMAT.md v1.1) rather than a trigger.
      if (typeof line.from_workflow === 'string') {
        return { tone: 'enrolled', text: `Enrolled in the workflow by workflow '${line.from_workflow}'`, detail: `Its enroll node '${line.from_node ?? '?'}' enrolled the contact here.` };
      }
      const trigger = wf.entry?.triggers?.[line.trigger];
      return { tone: 'enrolled', text: `Enrolled in the workflow`, detail: trigger ? `Trigger: ${describeTrigger(trigger)}.` : '' };
    }
    case 'enroll_rejected': {
      if (line.reason === 'audience') {
        const audience = wf.entry?.audience;
        return { tone: 'rejected', text: 'Not enrolled: not in the audience', detail: audience !== undefined ? `The audience rule is: ${describeCondition(audience)}.` : '' };
      }
      if (line.reason === 'reenroll') {
        const r = wf.entry?.reenroll ?? 'never';
        const rule = r === 'never' ? 'this workflow never re-enrols a contact' : r === 'after_exit' ? 'a contact re-enrols only after it has exited' : `at most one enrolment every ${durationWords(r)}`;
        return { tone: 'rejected', text: 'Not enrolled again', detail: `Re-enrolment rule: ${rule}.` };
      }
      return { tone: 'rejected', text: `Not enrolled: ${reasonWords(line.reason)}`, detail: '' };
    }
    case 'entered': {
      ctx.lastEntered.set(line.contact, line.node);
      // What the node did follows on its own lines; the step itself needs no detail.
      return { tone: 'entered', text: `Entered ${title(line.node)}`, detail: '' };
    }
    case 'branch': {
      const reads = readsWords(line.values);
      const branches = Array.isArray(node?.branches) ? node.branches : [];
      if (line.label === 'else') {
        const held = branches.length === 1 ? `'${branches[0].label}' (${describeCondition(branches[0].when)}) did not hold` : branches.length ? `none of ${branches.map((b) => `'${b.label}'`).join(', ')} held` : 'it has no other path';
        const tried = branches.length > 1 ? branches.map((b) => `'${b.label}': ${describeCondition(b.when)}`).join('; ') : '';
        return {
          tone: 'branch',
          text: `Took the 'else' path because ${held}${reads ? ` — ${reads}` : ''}`,
          detail: tried ? `Checked in order: ${tried}.` : '',
        };
      }
      const arm = branches.find((b) => String(b?.label) === String(line.label));
      const rule = arm ? describeCondition(arm.when) : '';
      return {
        tone: 'branch',
        text: `Took branch '${line.label}' because ${reads || rule || 'its condition held'}`,
        detail: reads && rule ? `Condition for '${line.label}': ${rule}.` : '',
      };
    }
    case 'split': {
      const variants = Array.isArray(node?.variants) ? node.variants : [];
      const total = variants.reduce((sum, v) => sum + (Number.isFinite(v?.weight) ? v.weight : 0), 0);
      const chosen = variants.find((v) => String(v?.label) === String(line.label));
      const share = chosen && total > 0 ? ` (${Math.round((chosen.weight / total) * 1000) / 10}% of contacts)` : '';
      if (ctx.winners?.get(String(line.node)) === String(line.label)) {
        return { tone: 'split', text: `Takes the test's winner, variant '${line.label}'`, detail: 'The split picked this variant from its test group.' };
      }
      return {
        tone: 'split',
        text: `Assigned to variant '${line.label}'${share}`,
        detail: `The ${node?.mode === 'random' ? 'random' : 'A/B'} split is sticky: this contact always gets the same variant for the same seed.`,
      };
    }
    case 'waiting': {
      ctx.waitingSince.set(line.contact, line.t);
      ctx.waitingLine.set(line.contact, line);
      const span = line.until ? secondsOf(line.until) - secondsOf(line.t) : NaN;
      if (line.reason === 'winner_test') {
        return { tone: 'wait', text: `Held at a split until its test picks a winner (due ${local(line.until)})`, detail: 'Not in the test group: the contact gets the winning variant when the test is decided.' };
      }
      if (line.reason === 'quiet_hours') {
        return { tone: 'wait', text: `Held by quiet hours until ${local(line.until)}`, detail: `The message goes out when quiet hours end (${formatDuration(span)} from now).` };
      }
      if (line.event !== undefined) {
        return {
          tone: 'wait',
          text: `Waits for event '${line.event}'${line.until ? `, at most until ${local(line.until)}` : ''}`,
          detail: node?.where !== undefined ? `Only an event where ${describeCondition(node.where)} counts.` : '',
        };
      }
      if (line.condition !== undefined) {
        return { tone: 'wait', text: `Waits until ${describeCondition(line.condition)}${line.until ? `, at most until ${local(line.until)}` : ''}`, detail: 'Checked again at every event and attribute change.' };
      }
      const rule = node && node.for === undefined ? `${capitalise(describeNode(node))}.` : '';
      return { tone: 'wait', text: `Waits ${Number.isFinite(span) ? `${formatDuration(span)}, ` : ''}until ${local(line.until)}`, detail: rule };
    }
    case 'resumed': {
      const since = ctx.waitingSince.get(line.contact);
      const waited = since ? formatDuration(secondsOf(line.t) - secondsOf(since)) : '';
      const waitLine = ctx.waitingLine.get(line.contact);
      ctx.waitingSince.delete(line.contact);
      ctx.waitingLine.delete(line.contact);
      switch (line.via) {
        case 'event':
          return { tone: 'resumed', text: `The awaited event '${node?.event ?? waitLine?.event ?? ''}' arrived`, detail: waited ? `After waiting ${waited}.` : '' };
        case 'timeout':
          return { tone: 'resumed', text: `Timed out after ${waited || 'the wait'}: takes the timeout path`, detail: node?.on_timeout ? `Next: ${title(node.on_timeout)}.` : '' };
        case 'condition':
          return { tone: 'resumed', text: 'The awaited condition now holds', detail: waited ? `After waiting ${waited}.` : '' };
        default:
          if (waitLine?.reason === 'quiet_hours') return { tone: 'resumed', text: 'Quiet hours are over', detail: waited ? `Held for ${waited}.` : '' };
          return { tone: 'resumed', text: waited ? `Waited ${waited}` : 'The wait is over', detail: '' };
      }
    }
    case 'sent': {
      const message = messageFor(line, ctx.messages);
      const headline = messageHeadline(message);
      const what = line.channel === 'ad_audience' ? 'Synced ad audience' : line.channel === 'webhook' ? 'Called webhook' : `Sent ${channelWord(line.channel)}`;
      const warnings = Array.isArray(message?.message?.warnings) ? message.message.warnings.length : 0;
      return {
        tone: 'sent',
        text: `${what} '${line.template}'${headline ? `: ${headline}` : ''}`,
        detail: warnings ? `${warnings} warning${warnings === 1 ? '' : 's'} in the message: see Messages.` : '',
      };
    }
    case 'suppressed':
      return {
        tone: 'suppressed',
        text: `${capitalise(channelWord(line.channel))} '${line.template}' not sent: ${reasonWords(line.reason)}`,
        detail: line.reason === 'frequency_cap' && wf.settings?.frequency_cap
          ? `Cap: ${wf.settings.frequency_cap.max} messages per ${durationWords(wf.settings.frequency_cap.per)}.`
          : line.reason === 'render_failed' ? 'The error above says why; the contact moves on to the next step.' : 'The contact moves on to the next step.',
      };
    case 'updated': {
      const parts = [];
      if (line.set && typeof line.set === 'object') for (const [k, v] of Object.entries(line.set)) parts.push(`${k} = ${describeValue(v)}`);
      if (Array.isArray(line.add_to_lists) && line.add_to_lists.length) parts.push(`added to ${line.add_to_lists.map((l) => `'${l}'`).join(', ')}`);
      if (Array.isArray(line.remove_from_lists) && line.remove_from_lists.length) parts.push(`removed from ${line.remove_from_lists.map((l) => `'${l}'`).join(', ')}`);
      return { tone: 'updated', text: parts.length ? `Updated: ${parts.join('; ')}` : 'Updated the contact', detail: '' };
    }
    case 'exited': {
      const reason = line.reason ?? 'completed';
      const last = ctx.lastEntered.get(line.contact);
      const lastNode = Object.hasOwn(nodes, String(last)) ? nodes[last] : undefined;
      ctx.lastEntered.delete(line.contact);
      if (lastNode?.type === 'exit' && (lastNode.reason ?? 'completed') === reason) {
        return { tone: 'exited', text: `Finished at ${title(last)}`, detail: `Exit reason: ${reason}.` };
      }
      if (reason === 'goal') return { tone: 'exited', text: 'Reached the goal and left the workflow', detail: wf.exit?.goal !== undefined ? `Goal: ${describeCondition(wf.exit.goal)}.` : '' };
      if (reason === 'expired') return { tone: 'exited', text: 'Left: the time limit ran out', detail: wf.exit?.max_duration ? `A contact may stay at most ${durationWords(wf.exit.max_duration)}.` : '' };
      if (reason === 'manual') return { tone: 'exited', text: 'Removed from the workflow by hand (script)', detail: '' };
      if (reason === 'error') return { tone: 'exited', text: 'Stopped by an error', detail: 'The error above says why.' };
      if (reason === 'unenrolled') return { tone: 'exited', text: 'Taken out by another workflow (unenroll node)', detail: 'An unenroll node of a workflow of the portfolio named this one.' };
      if (reason === 'node_removed') return { tone: 'exited', text: 'Left: the new version removed the step the contact was at', detail: 'Published versions move contacts by node id (flowproof diff --publish-at).' };
      const onEvent = (Array.isArray(wf.exit?.on_events) ? wf.exit.on_events : []).find((e) => (e?.reason ?? 'exit_event') === reason);
      if (onEvent) return { tone: 'exited', text: `Left: event '${onEvent.event}' arrived`, detail: `Exit reason: ${reason}.` };
      return { tone: 'exited', text: `Left the workflow: ${reason.replace(/_/g, ' ')}`, detail: '' };
    }
    case 'winner_selected': {
      // "Variant B won the test (B 40% clicked vs A 10%, 10 tested each); held contacts now take B"
      const rates = line.rates && typeof line.rates === 'object' ? line.rates : {};
      const tested = line.tested && typeof line.tested === 'object' ? line.tested : {};
      const labels = [String(line.label), ...Object.keys(rates).filter((l) => l !== String(line.label))];
      const pct = (l) => `${Math.round((Number(rates[l]) || 0) * 100)}%`;
      if (!ctx.winners) ctx.winners = new Map();
      ctx.winners.set(String(line.node), String(line.label));
      const metric = node?.winner?.metric;
      const verb = metric === 'goal' ? 'reached the goal' : typeof metric?.event === 'string' ? metric.event.replace(/^[a-z]+_/, '').replace(/_/g, ' ') : 'converted';
      const counts = labels.map((l) => Number(tested[l]) || 0);
      const testedWords = counts.every((n) => n === counts[0]) ? `${counts[0]} tested each` : labels.map((l, i) => `${l} ${counts[i]}`).join(', ') + ' tested';
      const others = labels.slice(1).map((l) => `${l} ${pct(l)}`).join(', ');
      return {
        tone: 'split',
        text: `Variant ${line.label} won the test (${line.label} ${pct(line.label)} ${verb}${others ? ` vs ${others}` : ''}, ${testedWords}); held contacts now take ${line.label}`,
        detail: 'A tie goes to the variant listed first; contacts who arrive from now on take the winner at once.',
      };
    }
    case 'migrated':
      return line.to === null || line.to === undefined
        ? { tone: 'exited', text: `New version published: ${title(line.node)} was removed`, detail: 'The contact leaves with reason node_removed.' }
        : { tone: 'resumed', text: `New version published: stays at ${title(line.to)}`, detail: line.to === line.node ? 'The step kept its id, so the contact stays there.' : `The step was renamed from ${line.node}.` };
    case 'error':
      return { tone: 'error', text: `Error: ${line.message ?? line.code}`, detail: `Code ${line.code}${line.node ? ` at ${title(line.node)}` : ''}.` };
    default:
      return { tone: 'entered', text: String(line.kind), detail: '' };
  }
}

/**
 * A script entry (FORMAT.md "Fixture") in words: "Event 'form_submitted'
 * from web", "Attributes changed: lead_score = 60", "Removed by hand".
 */
export function explainScriptEntry(entry) {
  if (!entry || typeof entry !== 'object') return '';
  if (entry.exit === true) return 'Manual exit requested (script)';
  if (typeof entry.event === 'string') {
    const props = entry.properties && typeof entry.properties === 'object' ? Object.keys(entry.properties) : [];
    return `Event '${entry.event}'${entry.source ? ` from ${entry.source}` : ''}${props.length ? ` (${props.slice(0, 3).map((k) => `${k}: ${describeValue(entry.properties[k])}`).join(', ')}${props.length > 3 ? ', …' : ''})` : ''}`;
  }
  const parts = [];
  if (entry.set && typeof entry.set === 'object') for (const [k, v] of Object.entries(entry.set)) parts.push(`${k} = ${describeValue(v)}`);
  if (Array.isArray(entry.add_to_lists)) parts.push(`joined ${entry.add_to_lists.map((l) => `'${l}'`).join(', ')}`);
  if (Array.isArray(entry.remove_from_lists)) parts.push(`left ${entry.remove_from_lists.map((l) => `'${l}'`).join(', ')}`);
  return parts.length ? `Data changed: ${parts.join('; ')}` : 'Script entry';
}

function capitalise(t) {
  const s = String(t ?? '');
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * Where a contact is, for the contact list: "Waiting at 'wait_2d' until …".
 * @param {object} contact an entry of tester.contacts()
 * @param {object} workflow
 */
export function contactWhereabouts(contact, workflow, { finished = false } = {}) {
  const zone = contact.timezone || workflow?.timezone || 'UTC';
  switch (contact.state) {
    case 'not_enrolled':
      if (contact.rejected === 'audience') return 'Triggered, but not in the audience';
      if (contact.rejected === 'reenroll') return 'Triggered again, but re-enrolment is not allowed (yet)';
      if (contact.rejected) return `Triggered, but refused: ${reasonWords(contact.rejected)}`;
      return contact.enrollments > 0 ? 'Not in the workflow' : finished ? 'Never enrolled' : 'Not enrolled (yet)';
    case 'waiting':
      return contact.until ? `Waiting at '${nodeTitle(workflow, contact.node)}' until ${formatLocal(contact.until, zone)}` : `Waiting at '${nodeTitle(workflow, contact.node)}'`;
    case 'active':
      return `At '${nodeTitle(workflow, contact.node)}'`;
    case 'exited':
      return `Exited (${String(contact.exit_reason ?? 'completed').replace(/_/g, ' ')})`;
    default:
      return String(contact.state ?? '');
  }
}
