// The mock portal's own script (demo only): reports the element's events and
// drives the iframe example through the postMessage protocol.

const tester = document.getElementById('tester');
const status = document.getElementById('tester-status');
tester.addEventListener('load', (e) => {
  status.textContent = e.detail.ok ? `Loaded “${e.detail.fixture?.name ?? ''}”: ${e.detail.fixture?.contacts.length ?? 0} contacts.` : `The fixture has ${e.detail.errors.length} problem(s).`;
});
tester.addEventListener('step', (e) => {
  status.textContent = `Clock at ${e.detail.now}${e.detail.finished ? ' (finished)' : ''}; ${e.detail.traceSize} trace lines.`;
});
tester.addEventListener('error', (e) => {
  status.textContent = `Error: ${e.detail.message}`;
});

// The iframe: it accepts commands from this page's origin only.
const frame = document.getElementById('frame');
const log = document.getElementById('frame-log');
const frameUrl = new URL('../embed.html', location.href);
frameUrl.searchParams.set('parent', location.origin);
frame.src = frameUrl.href;
const frameOrigin = frameUrl.origin;
let nextId = 1;

function send(type, payload) {
  const id = nextId++;
  frame.contentWindow.postMessage({ type, id, payload }, frameOrigin);
  note(`→ ${type} #${id}`);
}

function note(text) {
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
  log.scrollTop = log.scrollHeight;
}

window.addEventListener('message', (event) => {
  if (event.origin !== frameOrigin || event.source !== frame.contentWindow) return;
  const m = event.data;
  if (m?.type === 'flowproof:event') {
    if (m.event === 'progress') return;
    note(`← event ${m.event}${m.detail?.now ? ` ${m.detail.now}` : ''}${m.event === 'load' ? ` ok=${m.detail.ok}` : ''}`);
  } else if (m?.type === 'flowproof:result') {
    note(`← result #${m.id} ${m.ok ? 'ok' : `error ${m.error.code}: ${m.error.message}`}`);
  }
});

document.getElementById('frame-load').addEventListener('click', async () => {
  const fixture = await (await fetch('trial.fixture.json')).json();
  send('flowproof:load', { fixture });
});
document.getElementById('frame-step').addEventListener('click', () => send('flowproof:step'));
document.getElementById('frame-run').addEventListener('click', () => send('flowproof:runToEnd'));
document.getElementById('frame-theme').addEventListener('click', () =>
  send('flowproof:theme', { properties: { '--flowproof-accent': '#1f7a4d', '--flowproof-bar-bg': '#eef7f1' } }),
);
