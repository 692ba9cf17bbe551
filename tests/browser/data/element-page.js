// Test page for tests/browser/element.test.mjs: the element module, and an
// event recorder (events of every <flowproof-tester> added by the test).
import '../flowproof-element.js';

window.events = [];
window.addTester = (attributes = {}) => {
  const element = document.createElement('flowproof-tester');
  for (const name of ['load', 'step', 'error', 'progress']) {
    element.addEventListener(name, (e) => window.events.push({ type: name, detail: JSON.parse(JSON.stringify(e.detail ?? null)) }));
  }
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
};
document.body.dataset.ready = '1';
