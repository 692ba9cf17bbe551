// The JSON Schemas in schema/ (draft 2020-12): they compile in Ajv's strict
// mode, describe every property (editors show the descriptions as help),
// accept every workflow and fixture in fixtures/, and reject typical
// mistakes at the right place.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workflowSchema = JSON.parse(readFileSync(join(root, 'schema', 'workflow.schema.json'), 'utf8'));
const fixtureSchema = JSON.parse(readFileSync(join(root, 'schema', 'fixture.schema.json'), 'utf8'));

const WORKFLOW_FORMAT = 'flowproof.workflow/1';
const FIXTURE_FORMAT = 'flowproof.fixture/1';

function makeAjv() {
  // Strict mode makes unknown and ignored keywords errors, so a misspelt
  // schema keyword cannot silently loosen the schema. (strictTypes is off:
  // the if/then discriminators on "type" and "channel" are type-less by
  // design.)
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  ajv.addSchema(workflowSchema);
  ajv.addSchema(fixtureSchema);
  return ajv;
}

const ajv = makeAjv();
const validateWorkflow = ajv.getSchema(workflowSchema.$id);
const validateFixture = ajv.getSchema(fixtureSchema.$id);

function explain(errors) {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

function jsonFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFilesUnder(path));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}

test('both schemas compile in strict mode and have the published ids', () => {
  assert.equal(workflowSchema.$id, 'https://flowproof.dev/schema/workflow.schema.json');
  assert.equal(fixtureSchema.$id, 'https://flowproof.dev/schema/fixture.schema.json');
  for (const schema of [workflowSchema, fixtureSchema]) {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  }
  assert.equal(typeof validateWorkflow, 'function');
  assert.equal(typeof validateFixture, 'function');
});

// Every named property (and every $defs entry that is a whole schema) has a
// description, directly or through the $ref it consists of.
test('every property has a description', () => {
  const missing = [];
  const resolveRef = (schema, ref) => {
    if (!ref.startsWith('#/$defs/')) return null;
    return schema.$defs[ref.slice('#/$defs/'.length)];
  };
  const described = (schema, node) =>
    node === true || typeof node?.description === 'string' ||
    (typeof node?.$ref === 'string' && typeof resolveRef(schema, node.$ref)?.description === 'string');
  const walk = (schema, node, path) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(schema, item, `${path}/${i}`));
    if (node === null || typeof node !== 'object') return;
    if (path.endsWith('/if')) return;  // discriminators, not instance fields
    if (node.properties && typeof node.properties === 'object') {
      for (const [name, sub] of Object.entries(node.properties)) {
        // `true` entries only list a name whose schema is given in an allOf beside them.
        if (!described(schema, sub)) missing.push(`${schema.$id}#${path}/properties/${name}`);
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties') {
        for (const [name, sub] of Object.entries(value)) walk(schema, sub, `${path}/properties/${name}`);
      } else if (typeof value === 'object') {
        walk(schema, value, `${path}/${key}`);
      }
    }
  };
  for (const schema of [workflowSchema, fixtureSchema]) walk(schema, schema, '');
  assert.deepEqual(missing, []);
});

test('every workflow and fixture in fixtures/ is valid', () => {
  const files = jsonFilesUnder(join(root, 'fixtures'));
  let workflows = 0;
  let fixtures = 0;
  const failures = [];
  for (const file of files) {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    let validate = null;
    if (doc?.format === WORKFLOW_FORMAT) {
      validate = validateWorkflow;
      workflows++;
    } else if (doc?.format === FIXTURE_FORMAT) {
      validate = validateFixture;
      fixtures++;
    } else {
      continue;  // some other JSON (golden data, reports)
    }
    if (!validate(doc)) failures.push(`${relative(root, file)}:\n${explain(validate.errors)}`);
  }
  console.log(`schema: checked ${workflows} workflows and ${fixtures} fixtures under fixtures/`);
  assert.deepEqual(failures, []);
});

// ---- documents the schemas must accept and reject ---------------------------

const workflow = () => ({
  $schema: 'https://flowproof.dev/schema/workflow.schema.json',
  format: WORKFLOW_FORMAT,
  id: 'welcome',
  name: 'Welcome',
  type: 'lifecycle',
  timezone: 'America/New_York',
  'x-editor': { zoom: 1 },
  entry: {
    triggers: [
      { type: 'event', event: 'form_submitted', source: 'web', where: { '==': [{ var: 'event.properties.form_id' }, 'nl'] } },
      { type: 'date', attribute: 'birthday', offset: '-7d', at: '09:00', every: 'year' },
      { type: 'schedule', at: '2026-11-27T09:00:00', local: true, every: '1w', audience: { in_list: ['vip'] } },
      { type: 'schedule', at: '2026-11-27T09:00:00Z' },
      { type: 'inactivity', event: 'session_started', for: '30d' },
      { type: 'condition', condition: { '>=': [{ var: 'contact.score' }, 50] } },
    ],
    audience: { '!': [{ var: 'contact.customer' }] },
    reenroll: '1d',
  },
  exit: { goal: { '==': [{ var: 'contact.bought' }, true] }, max_duration: 'P30D', on_events: [{ event: 'unsubscribed', reason: 'opted_out' }] },
  settings: {
    quiet_hours: { start: '21:00', end: '08:00', mode: 'hold' },
    frequency_cap: { max: 3, per: '7d', channels: ['email', 'sms'] },
  },
  start: 'send',
  nodes: {
    send: { type: 'send', channel: 'email', template: 'welcome', next: 'route', 'x-position': [1, 2] },
    route: { type: 'branch', branches: [{ label: 'US', when: { '==': [{ var: 'contact.country' }, 'US'] }, next: 'ab' }], else: 'wait' },
    ab: { type: 'split', mode: 'ab', variants: [{ label: 'A', weight: 50, next: 'wait' }, { label: 'B', weight: 50, next: 'buy' }] },
    wait: { type: 'wait', until: { time: '09:00', days: ['mon', 'fri'] }, next: 'pause' },
    pause: { type: 'wait', for: '1d12h', next: 'buy' },
    buy: { type: 'wait_event', event: 'purchase_completed', timeout: '2d', next: 'done', on_timeout: 'hot' },
    hot: { type: 'wait_until', condition: { '>': [{ var: 'contact.score' }, 80] }, next: 'mark' },
    mark: { type: 'update', set: { stage: 'cold', rank: { '+': [1, 2] } }, increment: { score: -5 }, add_to_lists: ['cold'], next: 'done' },
    done: { type: 'exit', reason: 'finished', description: 'the end' },
  },
  templates: {
    welcome: {
      channel: 'email', subject: 'Hi {{ contact.first_name }}', html: "{% render 'footer' %}",
      variants: [{ when: { '==': [{ var: 'contact.tier' }, 'gold'] }, subject: 'Hi VIP' }, { subject: 'Hi' }],
    },
    nudge: { channel: 'sms', body: 'Still there?' },
    tap: { channel: 'push', title: 'Hi', body: 'b', deep_link: 'app://x', image: 'https://x.example/i.png' },
    sync: { channel: 'ad_audience', audience: 'lapsed', operation: 'add' },
    hook: { channel: 'webhook', method: 'POST', url: 'https://x.example', body: { id: '{{ contact.id }}' }, headers: { 'X-Id': '1' } },
  },
  snippets: { footer: 'Unsubscribe' },
});

const fixture = () => ({
  format: FIXTURE_FORMAT,
  name: 'Welcome',
  workflow: workflow(),
  clock: { start: '2026-11-02T00:00:00Z', until: '+30d' },
  seed: 1,
  contacts: [{ id: 'alice', timezone: 'America/New_York', email: 'alice@example.com', lists: ['newsletter'], consent: { sms: false }, lead_score: 5 }],
  script: [
    { at: '+1h', contact: 'alice', event: 'form_submitted', source: 'web', properties: { form_id: 'newsletter' } },
    { at: '+2d', contact: 'alice', set: { lead_score: 60 }, add_to_lists: ['hot'] },
    { at: '2026-11-05T00:00:00Z', contact: 'alice', exit: true },
  ],
  reactions: [{ contact: '*', on_send: 'welcome', event: 'email_opened', after: '2h', probability: 0.4 }],
  expect: [
    { contact: 'alice', reaches: 'send', at: '+1h' },
    { contact: 'alice', receives: 'welcome', subject_contains: 'Welcome', within: '1d' },
    { contact: 'alice', never_reaches: 'hot' },
    { contact: 'alice', exits: 'goal', by: '+3d' },
    { contact: 'alice', attribute: 'lead_score', equals: 60 },
  ],
});

test('complete documents using every field are valid', () => {
  assert.ok(validateWorkflow(workflow()), explain(validateWorkflow.errors));
  assert.ok(validateFixture(fixture()), explain(validateFixture.errors));
  const withPath = { ...fixture(), workflow: 'workflow.json' };
  assert.ok(validateFixture(withPath), explain(validateFixture.errors));
});

// [what, mutate(doc), the instancePath an error must be reported at]
const invalidWorkflows = [
  ['wrong format', (d) => { d.format = 'flowproof.workflow/2'; }, '/format'],
  ['missing start', (d) => { delete d.start; }, ''],
  ['unknown top-level field', (d) => { d.setings = {}; }, ''],
  ['unknown workflow type', (d) => { d.type = 'newsletter'; }, '/type'],
  ['more than 64 triggers', (d) => { d.entry.triggers = Array.from({ length: 65 }, () => d.entry.triggers[0]); }, '/entry/triggers'],
  ['misspelt node field', (d) => { d.nodes.send.chanel = 'email'; }, '/nodes/send'],
  ['unknown node type', (d) => { d.nodes.send.type = 'teleport'; }, '/nodes/send/type'],
  ['unknown channel', (d) => { d.nodes.send.channel = 'fax'; }, '/nodes/send/channel'],
  ['send without next', (d) => { delete d.nodes.send.next; }, '/nodes/send'],
  ['branch without else', (d) => { delete d.nodes.route.else; }, '/nodes/route'],
  ['branch labelled else', (d) => { d.nodes.route.branches[0].label = 'else'; }, '/nodes/route/branches/0/label'],
  ['zero split weight', (d) => { d.nodes.ab.variants[0].weight = 0; }, '/nodes/ab/variants/0/weight'],
  ['split weight too large to add up', (d) => { d.nodes.ab.variants[0].weight = 1e308; }, '/nodes/ab/variants/0/weight'],
  ['split without variants', (d) => { d.nodes.ab.variants = []; }, '/nodes/ab/variants'],
  ['wait with two kinds', (d) => { d.nodes.pause.until = { time: '09:00' }; }, '/nodes/pause'],
  ['wait with no kind', (d) => { delete d.nodes.pause.for; }, '/nodes/pause'],
  ['bad duration', (d) => { d.nodes.pause.for = '2 days'; }, '/nodes/pause/for'],
  ['negative wait', (d) => { d.nodes.pause.for = '-1d'; }, '/nodes/pause/for'],
  ['ISO duration with no parts', (d) => { d.exit.max_duration = 'P'; }, '/exit/max_duration'],
  ['ISO duration with an empty time part', (d) => { d.nodes.pause.for = 'P1DT'; }, '/nodes/pause/for'],
  ['ISO months', (d) => { d.nodes.pause.for = 'P1M'; }, '/nodes/pause/for'],
  ['units out of order', (d) => { d.nodes.pause.for = '1h2d'; }, '/nodes/pause/for'],
  ['bad weekday', (d) => { d.nodes.wait.until.days = ['funday']; }, '/nodes/wait/until/days/0'],
  ['bad local time', (d) => { d.nodes.wait.until.time = '25:00'; }, '/nodes/wait/until/time'],
  ['timeout without on_timeout', (d) => { delete d.nodes.buy.on_timeout; }, '/nodes/buy'],
  ['on_timeout without timeout', (d) => { d.nodes.hot.on_timeout = 'done'; }, '/nodes/hot'],
  ['setting the id', (d) => { d.nodes.mark.set.id = 'x'; }, '/nodes/mark/set'],
  ['increment by text', (d) => { d.nodes.mark.increment.score = '5'; }, '/nodes/mark/increment/score'],
  ['empty exit reason', (d) => { d.nodes.done.reason = ''; }, '/nodes/done/reason'],
  ['node id over 200 bytes', (d) => { d.nodes['n'.repeat(201)] = { type: 'exit' }; }, '/nodes'],
  ['unknown trigger type', (d) => { d.entry.triggers[0].type = 'webhook'; }, '/entry/triggers/0/type'],
  ['event trigger without event', (d) => { delete d.entry.triggers[0].event; }, '/entry/triggers/0'],
  ['date trigger every month', (d) => { d.entry.triggers[1].every = 'month'; }, '/entry/triggers/1/every'],
  ['schedule without at', (d) => { delete d.entry.triggers[2].at; }, '/entry/triggers/2'],
  ['schedule at a date only', (d) => { d.entry.triggers[3].at = '2026-11-27'; }, '/entry/triggers/3/at'],
  ['schedule at minute 60', (d) => { d.entry.triggers[3].at = '2026-11-27T09:60:00'; }, '/entry/triggers/3/at'],
  ['inactivity without for', (d) => { delete d.entry.triggers[4].for; }, '/entry/triggers/4'],
  ['misspelt trigger field', (d) => { d.entry.triggers[5].conditon = true; }, '/entry/triggers/5'],
  ['no triggers', (d) => { d.entry.triggers = []; }, '/entry/triggers'],
  ['bad reenroll', (d) => { d.entry.reenroll = 'sometimes'; }, '/entry/reenroll'],
  ['bad quiet-hours mode', (d) => { d.settings.quiet_hours.mode = 'pause'; }, '/settings/quiet_hours/mode'],
  ['quiet hours without end', (d) => { delete d.settings.quiet_hours.end; }, '/settings/quiet_hours'],
  ['fractional cap', (d) => { d.settings.frequency_cap.max = 2.5; }, '/settings/frequency_cap/max'],
  ['cap on an unknown channel', (d) => { d.settings.frequency_cap.channels = ['fax']; }, '/settings/frequency_cap/channels/0'],
  ['on_events entry without event', (d) => { d.exit.on_events = [{ reason: 'x' }]; }, '/exit/on_events/0'],
  ['template without channel', (d) => { delete d.templates.nudge.channel; }, '/templates/nudge'],
  ['email field on an sms', (d) => { d.templates.nudge.subject = 'Hi'; }, '/templates/nudge'],
  ['template field not text', (d) => { d.templates.nudge.body = 5; }, '/templates/nudge/body'],
  ['unknown ad operation', (d) => { d.templates.sync.operation = 'replace'; }, '/templates/sync/operation'],
  ['variant field of another channel', (d) => { d.templates.welcome.variants[1].body = 'x'; }, '/templates/welcome/variants/1'],
  ['snippet not text', (d) => { d.snippets.footer = 5; }, '/snippets/footer'],
  ['condition with two operations', (d) => { d.nodes.route.branches[0].when = { '==': [1, 1], '!': [false] }; }, '/nodes/route/branches/0/when'],
];

for (const [what, mutate, path] of invalidWorkflows) {
  test(`workflow schema rejects: ${what}`, () => {
    const doc = workflow();
    mutate(doc);
    assert.equal(validateWorkflow(doc), false, `${what} was accepted`);
    const paths = validateWorkflow.errors.map((e) => e.instancePath);
    assert.ok(paths.includes(path), `${what}: wanted an error at '${path}', got\n${explain(validateWorkflow.errors)}`);
  });
}

const invalidFixtures = [
  ['wrong format', (d) => { d.format = 'flowproof.workflow/1'; }, '/format'],
  ['missing clock', (d) => { delete d.clock; }, ''],
  ['clock start without offset', (d) => { d.clock.start = '2026-11-02T00:00:00'; }, '/clock/start'],
  ['relative clock start', (d) => { d.clock.start = '+0s'; }, '/clock/start'],
  ['bad until', (d) => { d.clock.until = 'next month'; }, '/clock/until'],
  ['negative seed', (d) => { d.seed = -1; }, '/seed'],
  ['workflow of the wrong type', (d) => { d.workflow = 5; }, '/workflow'],
  ['invalid embedded workflow', (d) => { d.workflow.nodes.send.chanel = 'sms'; }, '/workflow/nodes/send'],
  ['contact without id', (d) => { delete d.contacts[0].id; }, '/contacts/0'],
  ['contact id *', (d) => { d.contacts[0].id = '*'; }, '/contacts/0/id'],
  ['consent not boolean', (d) => { d.contacts[0].consent.sms = 'no'; }, '/contacts/0/consent/sms'],
  ['consent for an unknown channel', (d) => { d.contacts[0].consent.text = false; }, '/contacts/0/consent'],
  ['script entry without at', (d) => { delete d.script[0].at; }, '/script/0'],
  ['script entry both event and set', (d) => { d.script[0].set = { a: 1 }; }, '/script/0'],
  ['script entry neither', (d) => { delete d.script[0].event; }, '/script/0'],
  ['exit false', (d) => { d.script[2].exit = false; }, '/script/2/exit'],
  ['source on an attribute change', (d) => { d.script[1].source = 'crm'; }, '/script/1'],
  ['misspelt script field', (d) => { d.script[0].evnt = 'x'; }, '/script/0'],
  ['probability over 1', (d) => { d.reactions[0].probability = 1.5; }, '/reactions/0/probability'],
  ['reaction without event', (d) => { delete d.reactions[0].event; }, '/reactions/0'],
  ['negative reaction delay', (d) => { d.reactions[0].after = '-2h'; }, '/reactions/0/after'],
  ['expectation with two kinds', (d) => { d.expect[0].exits = 'goal'; }, '/expect/0'],
  ['expectation with no kind', (d) => { delete d.expect[0].reaches; }, '/expect/0'],
  ['attribute without equals', (d) => { delete d.expect[4].equals; }, '/expect/4'],
  ['subject_contains on reaches', (d) => { d.expect[0].subject_contains = 'x'; }, '/expect/0'],
  ['bad within', (d) => { d.expect[1].within = 'a day'; }, '/expect/1/within'],
  ['within of an empty ISO duration', (d) => { d.expect[1].within = 'PT'; }, '/expect/1/within'],
  ['clock start at hour 24', (d) => { d.clock.start = '2026-11-02T24:00:00Z'; }, '/clock/start'],
  ['clock start in month 13', (d) => { d.clock.start = '2026-13-02T00:00:00Z'; }, '/clock/start'],
  ['misspelt expectation field', (d) => { d.expect[0].eventually = true; }, '/expect/0'],
  ['at and by together', (d) => { d.expect[0].by = '+2h'; }, '/expect/0'],
  ['a deadline on an attribute', (d) => { d.expect[4].by = '+1d'; }, '/expect/4'],
  ['equals without attribute', (d) => { d.expect[0].equals = 1; }, '/expect/0'],
];

for (const [what, mutate, path] of invalidFixtures) {
  test(`fixture schema rejects: ${what}`, () => {
    const doc = fixture();
    mutate(doc);
    assert.equal(validateFixture(doc), false, `${what} was accepted`);
    const paths = validateFixture.errors.map((e) => e.instancePath);
    assert.ok(paths.includes(path), `${what}: wanted an error at '${path}', got\n${explain(validateFixture.errors)}`);
  });
}

// ---- the schemas and the C++ parser agree -----------------------------------
//
// Where the schema and the parser disagree, one of them has a bug (FORMAT.md).
// With a native CLI at hand (build/flowproof, or FLOWPROOF_NATIVE_BUILD), each
// document above is also given to it: the valid ones must pass, the invalid
// ones must fail.
const nativeCli = join(resolve(root, process.env.FLOWPROOF_NATIVE_BUILD ?? 'build'), 'flowproof');
const cliSkip = existsSync(nativeCli) ? false : `no native CLI at ${nativeCli}`;
if (cliSkip) console.log(`schema: parser agreement skipped, ${cliSkip}`);

function runCli(args, doc) {
  const dir = mkdtempSync(join(tmpdir(), 'flowproof-schema-'));
  const file = join(dir, 'doc.json');
  writeFileSync(file, JSON.stringify(doc));
  const result = spawnSync(nativeCli, [...args, file], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return result;
}

test('the parser accepts the valid documents', { skip: cliSkip }, () => {
  const validated = runCli(['validate'], workflow());
  assert.equal(validated.status, 0, validated.stdout + validated.stderr);
  const simulated = runCli(['simulate'], fixture());
  assert.equal(simulated.status, 0, simulated.stderr);
});

test('the parser rejects what the schemas reject', { skip: cliSkip }, () => {
  const accepted = [];
  for (const [what, mutate] of invalidWorkflows) {
    const doc = workflow();
    mutate(doc);
    const result = runCli(['validate'], doc);
    if (result.status !== 1) accepted.push(`workflow, ${what}: exit ${result.status}`);
  }
  for (const [what, mutate] of invalidFixtures) {
    const doc = fixture();
    mutate(doc);
    const result = runCli(['simulate'], doc);
    if (result.status !== 2) accepted.push(`fixture, ${what}: exit ${result.status}`);
  }
  assert.deepEqual(accepted, []);
});
