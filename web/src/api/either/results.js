// The results of the run so far, kept beside the session (in the worker),
// so that a page reads only what it shows: the trace and the messages are
// fetched from the core incrementally (from the last line it has), indexed
// by contact, and cut back when the clock goes back (a replay's trace is a
// prefix of the run's: runs are deterministic).
//
//   const results = new Results();
//   results.appendTrace(lines);                   // after each batch of steps
//   results.truncate(status.traceSize, total);    // after reset / stepBack
//   results.linesOf('alice')                      // her trace lines
//   results.view({ contact: 'alice', since: 120 })   // what the page draws
//
// engine.js owns one per loaded fixture and keeps it in step (syncResults()).

import { START, armKey, stepKey, timeoutKey } from '../../shared/edge-keys.js';

/** A sent or suppressed line as the day view reads it. */
function compactSend(line) {
  const send = { t: line.t, contact: line.contact, workflow: line.workflow, kind: line.kind, channel: line.channel, template: line.template, node: line.node };
  if (line.kind === 'suppressed') send.reason = line.reason;
  if (line.cap !== undefined) send.cap = line.cap;
  return send;
}

/** Appends `item` to `items` and its position to `index`'s list for `key`. */
function appendIndexed(items, index, key, item) {
  let list = index.get(key);
  if (!list) index.set(key, (list = []));
  list.push(items.length);
  items.push(item);
}

export class Results {
  constructor() {
    this.clear();
  }

  clear() {
    this.lines = []; // parsed trace lines
    this.byContact = new Map(); // id -> [line index]
    this.messages = []; // rendered messages, in send order
    this.messagesOf = new Map(); // id -> [message index]
    this.sent = 0; // `sent` lines
    // Coverage keys (shared/edge-keys.js) per workflow: '' for a fixture
    // of one workflow, whose lines name none; in a portfolio, each line's.
    this.taken = new Map();
    this.last = new Map(); // workflow+contact -> last node entered since enrolment (for taken)
    this.sends = []; // a portfolio's sent and suppressed lines, compact (the page's day view)
  }

  appendTrace(lines) {
    for (const line of lines) {
      appendIndexed(this.lines, this.byContact, line.contact, line);
      if (line.kind === 'sent') this.sent++;
      this.noteTaken(line);
      if (line.workflow !== undefined && (line.kind === 'sent' || line.kind === 'suppressed')) this.sends.push(compactSend(line));
    }
  }

  /** The coverage keys taken in `workflow` (null or '' for a fixture of one workflow). */
  takenIn(workflow = null) {
    return this.taken.get(workflow ?? '') ?? new Set();
  }

  appendMessages(items) {
    for (const m of items) appendIndexed(this.messages, this.messagesOf, m.contact, m);
  }

  /** Keeps the first `traceSize` lines (and the messages they sent). */
  truncate(traceSize) {
    if (traceSize >= this.lines.length) return;
    const kept = this.lines.slice(0, traceSize);
    let sent = 0;
    for (const line of kept) if (line.kind === 'sent') sent++;
    const messages = this.messages.slice(0, sent);
    this.clear();
    this.appendTrace(kept);
    this.appendMessages(messages);
  }

  noteTaken(line) {
    const workflow = line.workflow ?? '';
    let taken = this.taken.get(workflow);
    if (!taken) this.taken.set(workflow, (taken = new Set()));
    const who = `${workflow}\u0000${line.contact}`;
    switch (line.kind) {
      case 'enrolled':
      case 'exited':
        this.last.delete(who);
        break;
      case 'entered': {
        const from = this.last.get(who);
        taken.add(stepKey(from === undefined ? START : from, line.node));
        this.last.set(who, line.node);
        break;
      }
      case 'branch':
      case 'split':
        taken.add(armKey(line.node, line.label));
        break;
      case 'resumed':
        if (line.via === 'timeout') taken.add(timeoutKey(line.node));
        break;
      default:
        break;
    }
  }

  /**
   * The nodes a contact entered since its last enrolment (Contacts()'s
   * `path`); in a portfolio, in `workflow`.
   */
  pathOf(contact, workflow = null) {
    const path = [];
    for (const i of this.byContact.get(contact) ?? []) {
      const line = this.lines[i];
      if (workflow !== null && line.workflow !== workflow) continue;
      if (line.kind === 'enrolled') path.length = 0;
      else if (line.kind === 'entered') path.push(line.node);
    }
    return path;
  }

  /** The contact's latest line (in a portfolio, its latest in `workflow`). */
  lastLineOf(contact, workflow = null) {
    const list = this.byContact.get(contact) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const line = this.lines[list[i]];
      if (workflow === null || line.workflow === workflow) return line;
    }
    return null;
  }

  linesOf(contact) {
    return (this.byContact.get(contact) ?? []).map((i) => this.lines[i]);
  }

  /**
   * What a page draws, small whatever the run's size:
   * - `trace`: the contact's lines, or with `contact` null the latest
   *   `tail` lines (`traceFrom` is the index of the first);
   * - `messages`: the messages those lines sent, plus `messageContact`'s
   *   (and with `allMessages`, the latest `messageTail`); `suppressed`, the
   *   suppressed sends of the same; `messageTotal`;
   * - `delta`: what happened since line `since` (lines, sends, the contacts
   *   involved, the last entry into one of `breakpoints`);
   * - `previousTime`: where Step back goes: the moment before the latest
   *   one (at or before `nowSeconds`) at which something happened, or null
   *   for the start.
   * The diagram's keys of what was taken are `taken` (the page's only).
   */
  view({ contact = null, messageContact = contact, allMessages = false, since = null, tail = 1500, messageTail = 500, breakpoints = [], nowSeconds = Infinity } = {}) {
    let trace;
    let traceFrom = 0;
    if (contact != null) {
      trace = this.linesOf(contact);
    } else {
      traceFrom = Math.max(0, this.lines.length - tail);
      trace = this.lines.slice(traceFrom);
    }
    const wanted = new Set();
    if (messageContact != null) for (const i of this.messagesOf.get(messageContact) ?? []) wanted.add(i);
    if (allMessages || messageContact == null) for (let i = Math.max(0, this.messages.length - messageTail); i < this.messages.length; i++) wanted.add(i);
    // Suppressed sends for the Messages tab: the contact's, or the latest.
    let suppressed = [];
    if (allMessages || messageContact == null) {
      for (let i = this.lines.length - 1; i >= 0 && suppressed.length < messageTail; i--) if (this.lines[i].kind === 'suppressed') suppressed.push(this.lines[i]);
      suppressed.reverse();
    } else {
      suppressed = this.linesOf(messageContact).filter((line) => line.kind === 'suppressed');
    }
    // The messages of the sent lines shown (the timeline quotes subjects).
    const shownSent = new Set();
    for (const line of trace) if (line.kind === 'sent') shownSent.add(`${line.t}\u0000${line.contact}\u0000${line.node}`);
    if (shownSent.size) {
      for (let i = this.messages.length - 1, seen = 0; i >= 0 && seen < shownSent.size; i--) {
        const m = this.messages[i];
        if (shownSent.has(`${m.t}\u0000${m.contact}\u0000${m.node}`)) {
          wanted.add(i);
          seen++;
        }
      }
    }
    const messages = [...wanted].sort((a, b) => a - b).map((i) => this.messages[i]);

    let delta = null;
    if (since != null && since <= this.lines.length) {
      const bp = new Set(breakpoints);
      const who = [];
      const seenWho = new Set();
      let sent = 0;
      let hit = null;
      for (let i = since; i < this.lines.length; i++) {
        const line = this.lines[i];
        if (!seenWho.has(line.contact)) {
          seenWho.add(line.contact);
          if (who.length < 3) who.push(line.contact);
        }
        if (line.kind === 'sent') sent++;
        if (line.kind === 'entered' && bp.has(line.node)) hit = line;
      }
      delta = { lines: this.lines.length - since, sent, contacts: who, contactCount: seenWho.size, hit };
    }
    // Step back undoes the latest moment at which something happened (at
    // or before now): it goes to the moment before that one. (From the end
    // of the clock, past the last moment, that is the moment before the
    // last, not the last one, which would show the same state.)
    let previousTime = null;
    let i = this.lines.length - 1;
    while (i >= 0 && Date.parse(this.lines[i].t) / 1000 > nowSeconds) i--;
    if (i >= 0) {
      const latest = this.lines[i].t;
      while (i >= 0 && this.lines[i].t === latest) i--;
      if (i >= 0) previousTime = this.lines[i].t;
    }
    return { traceSize: this.lines.length, trace, traceFrom, messages, messageTotal: this.messages.length, suppressed, delta, previousTime };
  }
}
