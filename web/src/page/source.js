// Where fixtures come from: the example gallery, a same-origin ?src= URL,
// files (picked or dropped) and pasted text. Whatever comes in becomes one
// self-contained fixture: a workflow named by path is fetched (same origin
// only) or taken from the files dropped with it and embedded, and a bare
// workflow gets a starter fixture around it. Problems are values. Every
// fetch of the page goes through readUrl(), with the input size cap.
//
//   const r = await documentFromUrl('fixtures/welcome-series/signups.fixture.json', location.href);
//   if (r.error) show(r.error); else editor.setText(r.text);

import { fetchText, sizeLabel } from '../shared/fetch-text.js';
import { isoOf, parseDuration } from './time.js';
import { tooDeepAt } from './json-text.js';
import { workflowPaths } from '../shared/workflow-paths.js';

/** The largest fixture or workflow the page opens (fetched, dropped, picked or pasted). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Resolves `src` against `base` and refuses any other origin (and any
 * scheme but the page's own).
 * @returns {{url?: string, error?: string}}
 */
export function sameOriginUrl(src, base) {
  let url;
  let origin;
  try {
    origin = new URL(base);
    url = new URL(String(src), origin);
  } catch {
    return { error: `'${src}' is not a valid address.` };
  }
  if (url.origin !== origin.origin || url.protocol !== origin.protocol) {
    return { error: `Only files from this site can be opened with ?src= ('${url.origin}' is another site). Download the file and open it instead.` };
  }
  return { url: url.href };
}

/** "100.0 MiB". */
function mib(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Reads a same-origin URL as text, refusing bodies over MAX_INPUT_BYTES: the page's only fetch. */
export function readUrl(url) {
  return fetchText(url, { maxBytes: MAX_INPUT_BYTES });
}

/** Fetches the example gallery: [{path, name, format, description, contacts?}] (empty on failure). */
export async function loadGallery(base) {
  try {
    const list = JSON.parse(await readUrl(new URL('fixtures/index.json', base).href));
    return Array.isArray(list) ? list.filter((e) => e && typeof e.path === 'string' && typeof e.name === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * A starter fixture for a bare workflow: one test contact with every
 * address, made to match the audience, and whatever makes the first trigger
 * fire within the clock (its event, the attribute change its condition
 * waits for, a date, the schedule's day, a long enough inactivity).
 * @param {object} workflow
 * @param {number} [startSeconds] the clock start (default: today 00:00 UTC)
 */
export function fixtureForWorkflow(workflow, startSeconds) {
  const day = 86400;
  let startAt = startSeconds ?? Math.floor(Date.now() / 86400000) * day;
  const trigger = Array.isArray(workflow?.entry?.triggers) ? workflow.entry.triggers[0] : null;
  if (trigger?.type === 'schedule' && typeof trigger.at === 'string') {
    const at = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(trigger.at) ? trigger.at : `${trigger.at}Z`);
    if (Number.isFinite(at)) startAt = Math.floor(at / 1000 / day) * day - day; // the day before
  }
  const zone = typeof workflow?.timezone === 'string' ? workflow.timezone : 'UTC';
  const contact = { id: 'test-contact', timezone: zone, first_name: 'Taylor', email: 'taylor@example.com', phone: '+15555550100', push_token: 'test-push-token' };
  const lists = new Set();
  const satisfy = (rule, target) => {
    for (const [path, value] of requirements(rule)) {
      if (path === '@list') lists.add(value);
      else if (path.startsWith('contact.') && !path.slice(8).includes('.')) target[path.slice(8)] = value;
    }
  };
  satisfy(workflow?.entry?.audience, contact);
  if (trigger?.audience !== undefined) satisfy(trigger.audience, contact);
  const script = [];
  let until = 30 * day;
  if (trigger?.type === 'event' && typeof trigger.event === 'string') {
    const properties = {};
    for (const [path, value] of requirements(trigger.where)) {
      if (path.startsWith('event.properties.') && !path.slice(17).includes('.')) properties[path.slice(17)] = value;
    }
    script.push({
      at: '+1h',
      contact: contact.id,
      event: trigger.event,
      ...(trigger.source ? { source: trigger.source } : {}),
      ...(Object.keys(properties).length ? { properties } : {}),
    });
  } else if (trigger?.type === 'condition') {
    const change = {};
    const join = [];
    for (const [path, value] of requirements(trigger.condition)) {
      if (path === '@list') join.push(value);
      else if (path.startsWith('contact.') && !path.slice(8).includes('.')) change[path.slice(8)] = value;
    }
    if (Object.keys(change).length || join.length) {
      script.push({ at: '+1h', contact: contact.id, set: change, ...(join.length ? { add_to_lists: join } : {}) });
    }
  } else if (trigger?.type === 'date' && typeof trigger.attribute === 'string') {
    const offset = typeof trigger.offset === 'string' ? (parseDuration(trigger.offset) ?? 0) : 0;
    contact[trigger.attribute] = isoOf(startAt + day - offset).slice(0, 10); // fires on the second day
  } else if (trigger?.type === 'inactivity' && typeof trigger.for === 'string') {
    until = Math.max(until, (parseDuration(trigger.for) ?? 0) + 14 * day);
  }
  if (lists.size) contact.lists = [...lists];
  const days = Math.ceil(until / day);
  return {
    format: 'flowproof.fixture/1',
    name: `${typeof workflow?.name === 'string' ? workflow.name : workflow?.id ?? 'Workflow'}: test run`,
    workflow,
    clock: { start: isoOf(startAt), until: `+${days}d` },
    seed: 1,
    contacts: [contact],
    script,
  };
}

// What a simple condition requires, as [path, value] pairs ('@list' for
// list membership): var == literal, var >= / > / <= / < number, in_list,
// all inside `and`. Anything else requires nothing we can supply.
function requirements(rule, depth = 0) {
  const out = [];
  if (!rule || typeof rule !== 'object' || Array.isArray(rule) || depth > 8) return out;
  const [op] = Object.keys(rule);
  const args = Array.isArray(rule[op]) ? rule[op] : [rule[op]];
  const path = (x) => (x && typeof x === 'object' && typeof x.var === 'string' ? x.var : null);
  const literal = (x) => x === null || ['string', 'number', 'boolean'].includes(typeof x);
  if (op === 'and') for (const a of args) out.push(...requirements(a, depth + 1));
  else if (op === 'in_list' && typeof args[0] === 'string') out.push(['@list', args[0]]);
  else if ((op === '==' || op === '===') && args.length === 2) {
    if (path(args[0]) && literal(args[1])) out.push([path(args[0]), args[1]]);
    else if (path(args[1]) && literal(args[0])) out.push([path(args[1]), args[0]]);
  } else if (['>=', '>', '<=', '<'].includes(op) && args.length === 2 && path(args[0]) && typeof args[1] === 'number') {
    const step = op === '>' ? 1 : op === '<' ? -1 : 0;
    out.push([path(args[0]), args[1] + step]);
  }
  return out;
}

/**
 * Turns text into a self-contained fixture.
 * @param {string} textValue fixture or workflow JSON
 * @param {{baseUrl?: string, files?: Map<string, string>}} options where a
 *   workflow path resolves: a URL (fetched, same origin), or files dropped
 *   together (matched by name)
 * @returns {Promise<{text: string, name: string, error?: string, converted?: boolean}>}
 *   text is the fixture to edit (the input verbatim when it needs no change
 *   or is not valid JSON, so the editor can point at the syntax error)
 */
export async function toFixtureText(textValue, { baseUrl, files } = {}) {
  const raw = String(textValue ?? '');
  if (raw.length > MAX_INPUT_BYTES) return { text: '', name: '', error: `The text is ${mib(raw.length)}: the page opens fixtures of up to ${sizeLabel(MAX_INPUT_BYTES)}.` };
  let doc;
  // Too deep for the core: kept as text, so the editor shows where (json-text.js).
  if (tooDeepAt(raw) >= 0) return { text: raw, name: 'Unreadable JSON' };
  try {
    doc = JSON.parse(raw);
  } catch {
    return { text: raw, name: 'Unreadable JSON' };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { text: raw, name: 'Not a fixture' };
  if (typeof doc.format === 'string' && doc.format.startsWith('flowproof.workflow/')) {
    const fixture = fixtureForWorkflow(doc);
    return { text: JSON.stringify(fixture, null, 2), name: fixture.name, converted: true };
  }
  const name = typeof doc.name === 'string' ? doc.name : 'Fixture';
  // A portfolio (FORMAT.md v1.1) may name each of its workflows by path.
  const portfolio = Array.isArray(doc.workflows);
  const paths = workflowPaths(doc).map((w) => w.path);
  if (!paths.length) return { text: raw, name };
  const read = new Map();
  for (const path of paths) {
    if (read.has(path)) continue;
    const got = await readWorkflow(path, { baseUrl, files });
    if (got.error) return { text: raw, name, error: got.error };
    read.set(path, got.workflow);
  }
  // Embed them, keeping the fixture's key order with each workflow in place.
  // fromEntries defines properties, so even a "__proto__" key stays a key.
  const embed = (k, v) => {
    if (k === 'workflow' && !portfolio && typeof v === 'string') return read.get(v);
    if (k === 'workflows' && portfolio) return v.map((w) => (typeof w === 'string' ? read.get(w) : w));
    return v;
  };
  const out = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, embed(k, v)]));
  return { text: JSON.stringify(out, null, 2), name };
}

/** A workflow a fixture names by path: from the files given, else from the URL. */
async function readWorkflow(path, { baseUrl, files }) {
  let workflowText;
  const byName = files?.get(path) ?? files?.get(path.split('/').pop());
  if (byName !== undefined) {
    workflowText = byName;
  } else if (baseUrl) {
    const where = sameOriginUrl(path, baseUrl);
    if (where.error) return { error: `The fixture's workflow '${path}' cannot be read: ${where.error}` };
    try {
      workflowText = await readUrl(where.url);
    } catch (e) {
      return { error: `The fixture's workflow '${path}' cannot be read (${e.message}).` };
    }
  } else {
    return { error: `This fixture names its workflow by path ('${path}'). Open or drop the fixture and its workflow file together.` };
  }
  try {
    return { workflow: JSON.parse(workflowText) };
  } catch (e) {
    return { error: `The workflow '${path}' is not valid JSON (${e.message}).` };
  }
}

/** Reads dropped or picked files: the fixture (or workflow) and any workflow it names. */
export async function readFiles(fileList) {
  const files = [...fileList].filter((f) => f.size <= MAX_INPUT_BYTES);
  const large = [...fileList].filter((f) => f.size > MAX_INPUT_BYTES);
  const refused = large.length ? `“${large[0].name}” is ${mib(large[0].size)}: the page opens files of up to ${sizeLabel(MAX_INPUT_BYTES)}.` : '';
  if (!files.length) return { error: refused || `No readable file (JSON files up to ${sizeLabel(MAX_INPUT_BYTES)}).` };
  const texts = new Map();
  for (const f of files) texts.set(f.name, await f.text());
  // The main file: a fixture if there is one, else the first.
  let main = files[0];
  for (const f of files) {
    try {
      const doc = JSON.parse(texts.get(f.name));
      if (typeof doc?.format === 'string' && doc.format.startsWith('flowproof.fixture/')) {
        main = f;
        break;
      }
    } catch {
      // not JSON: not the main file unless it is the only one
    }
  }
  const result = await toFixtureText(texts.get(main.name), { files: texts });
  // texts: every file read, for the import (import.js looks for a platform export and its names map).
  return { ...result, error: result.error ?? (refused || undefined), fileName: main.name, texts };
}
