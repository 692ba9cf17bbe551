// What a clock move did, in one sentence for the clock bar's status line.
//
//   describeMove(after, before, delta, 'Europe/Berlin')
//   // "3 things happened (ana, ben), 1 message sent."
//
// A pure function of the statuses before and after the move and the move's
// delta (api/either/results.js), so the run controller only picks when to say it.

import { formatLocal } from './time.js';

export function describeMove(status, before, delta, zone) {
  if (status.nowSeconds < before.nowSeconds || status.steps < before.steps) return status.steps === 0 ? 'Back at the start: nothing has happened yet.' : `Back to ${formatLocal(status.now, zone)}.`;
  const d = delta;
  if (!d || !d.lines) return status.finished ? 'The run is over: nothing else happens before the end of the test.' : 'Nothing happened in that time.';
  const more = d.contactCount - d.contacts.length;
  const names = more > 0 ? `${d.contacts.join(', ')} and ${more.toLocaleString('en-US')} more` : d.contacts.join(', ');
  const n = d.lines;
  return `${n.toLocaleString('en-US')} thing${n === 1 ? '' : 's'} happened (${names})${d.sent ? `, ${d.sent.toLocaleString('en-US')} message${d.sent === 1 ? '' : 's'} sent` : ''}${status.finished ? '. The run is over.' : '.'}`;
}
