// Test page for the iframe protocol: a "portal" that frames embed.html (URL
// in ?embed=) and records every message the frame sends.
const embed = new URL(new URLSearchParams(location.search).get('embed'));
const frame = document.createElement('iframe');
frame.title = 'flowproof';
frame.src = embed.href;
window.received = [];
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  window.received.push({ origin: event.origin, data: event.data });
});
window.send = (message) => frame.contentWindow.postMessage(message, embed.origin);
frame.addEventListener('load', () => {
  document.body.dataset.framed = '1';
});
document.body.append(frame);
