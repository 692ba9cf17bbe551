// Where fixtures come from: the example gallery, a same-origin ?src= URL,
// files (picked or dropped) and pasted text. Whatever comes in becomes one
// self-contained fixture: a workflow named by path is fetched (same origin
// only) or taken from the files dropped with it and embedded, and a bare
// workflow gets a starter fixture around it. Problems are values.
//
//   const r = await documentFromUrl('fixtures/welcome-series/signups.fixture.json', location.href);
//   if (r.error) show(r.error); else editor.setText(r.text);

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

async function fetchText(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length'));
  if (length > MAX_INPUT_BYTES) throw new Error(`${length} bytes is too large`);
  return response.text();
}

/** Fetches the example gallery: [{path, name, format, description, contacts?}] (empty on failure). */
export async function loadGallery(base) {
  try {
    const list = JSON.parse(await fetchText(new URL('fixtures/index.json', base).href));
    return Array.isArray(list) ? list.filter((e) => e && typeof e.path === 'string' && typeof e.name === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * A starter fixture for a bare workflow: one test contact per zone, an
 * event that fires its event trigger, a clock long enough for its waits.
 * @param {object} workflow
 * @param {number} [startSeconds] the clock start (default: today 00:00 UTC)
 */
export function fixtureForWorkflow(workflow, startSeconds) {
  const start = new Date((startSeconds ?? Math.floor(Date.now() / 86400000) * 86400) * 1000).toISOString().replace('.000Z', 'Z');
  const zone = typeof workflow?.timezone === 'string' ? workflow.timezone : 'UTC';
  const contact = { id: 'test-contact', timezone: zone, first_name: 'Taylor', email: 'taylor@example.com', phone: '+15555550100', push_token: 'test-push-token' };
  const script = [];
  const trigger = Array.isArray(workflow?.entry?.triggers) ? workflow.entry.triggers[0] : null;
  if (trigger?.type === 'event' && typeof trigger.event === 'string') {
    const properties = {};
    for (const [path, value] of equalities(trigger.where)) {
      if (path.startsWith('event.properties.') && !path.slice(17).includes('.')) properties[path.slice(17)] = value;
    }
    script.push({
      at: '+1h',
      contact: contact.id,
      event: trigger.event,
      ...(trigger.source ? { source: trigger.source } : {}),
      ...(Object.keys(properties).length ? { properties } : {}),
    });
  } else if (trigger?.type === 'date' && typeof trigger.attribute === 'string') {
    contact[trigger.attribute] = start.slice(0, 10);
  }
  return {
    format: 'flowproof.fixture/1',
    name: `${typeof workflow?.name === 'string' ? workflow.name : workflow?.id ?? 'Workflow'}: test run`,
    workflow,
    clock: { start, until: '+30d' },
    seed: 1,
    contacts: [contact],
    script,
  };
}

// The `var == literal` comparisons a condition requires (inside `and`), so
// that a starter event can satisfy a trigger's `where`.
function equalities(rule, depth = 0) {
  const out = [];
  if (!rule || typeof rule !== 'object' || Array.isArray(rule) || depth > 8) return out;
  const [op] = Object.keys(rule);
  const args = Array.isArray(rule[op]) ? rule[op] : [rule[op]];
  if (op === 'and') for (const a of args) out.push(...equalities(a, depth + 1));
  if ((op === '==' || op === '===') && args.length === 2) {
    const [a, b] = args;
    const path = (x) => (x && typeof x === 'object' && typeof x.var === 'string' ? x.var : null);
    const literal = (x) => x === null || ['string', 'number', 'boolean'].includes(typeof x);
    if (path(a) && literal(b)) out.push([path(a), b]);
    else if (path(b) && literal(a)) out.push([path(b), a]);
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
  if (raw.length > MAX_INPUT_BYTES) return { text: '', name: '', error: `The file is larger than ${MAX_INPUT_BYTES >> 20} MiB.` };
  let doc;
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
  if (typeof doc.workflow !== 'string') return { text: raw, name };
  const path = doc.workflow;
  let workflowText;
  const byName = files?.get(path) ?? files?.get(path.split('/').pop());
  if (byName !== undefined) {
    workflowText = byName;
  } else if (baseUrl) {
    const where = sameOriginUrl(path, baseUrl);
    if (where.error) return { text: raw, name, error: `The fixture's workflow '${path}' cannot be read: ${where.error}` };
    try {
      workflowText = await fetchText(where.url);
    } catch (e) {
      return { text: raw, name, error: `The fixture's workflow '${path}' cannot be read (${e.message}).` };
    }
  } else {
    return { text: raw, name, error: `This fixture names its workflow by path ('${path}'). Open or drop the fixture and its workflow file together.` };
  }
  let workflow;
  try {
    workflow = JSON.parse(workflowText);
  } catch (e) {
    return { text: raw, name, error: `The workflow '${path}' is not valid JSON (${e.message}).` };
  }
  // Embed it, keeping the fixture's key order with the workflow in place.
  // fromEntries defines properties, so even a "__proto__" key stays a key.
  const out = Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, k === 'workflow' ? workflow : v]));
  return { text: JSON.stringify(out, null, 2), name };
}

/** Reads dropped or picked files: the fixture (or workflow) and any workflow it names. */
export async function readFiles(fileList) {
  const files = [...fileList].filter((f) => f.size <= MAX_INPUT_BYTES);
  if (!files.length) return { error: 'No readable file (JSON files up to 32 MiB).' };
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
  return { ...result, fileName: main.name };
}
