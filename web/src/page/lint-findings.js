// Lint findings (tester.lint, FORMAT.md "`flowproof lint`") as the page
// shows them: which diagram node each is about, which ones the validation
// warnings already say, and how a list of them reads in a badge.
//
//   const byNode = findingsByNode(findings, workflow);   // Map id -> [finding]
//   const extra = notInWarnings(findings, warnings);     // for the problems list
//   badgeTitle(byNode.get('send_welcome'));              // "2 lint findings: ..."
//
// Pure functions of plain data: no DOM, so the Node tests can run them.

import { own } from '../shared/dom.js';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };

/** 'error', 'warning' or 'info' (anything else reads as a warning). */
export function severityOf(finding) {
  return Object.hasOwn(SEVERITY_RANK, finding?.severity) ? finding.severity : 'warning';
}

/** The most severe of the findings' severities ('info' for none). */
export function worstSeverity(findings) {
  let worst = 'info';
  for (const f of findings ?? []) if (SEVERITY_RANK[severityOf(f)] < SEVERITY_RANK[worst]) worst = severityOf(f);
  return worst;
}

/** The node id a pointer is inside ('/workflow/nodes/a~1b/next' -> 'a/b'), or null. */
export function nodeOfPointer(pointer) {
  if (typeof pointer !== 'string') return null;
  const m = /^(?:\/workflow)?\/nodes\/([^/]*)/.exec(pointer);
  return m ? m[1].replace(/~1/g, '/').replace(/~0/g, '~') : null;
}

/**
 * The findings of each node of the workflow: a finding's `node`, else the
 * node its pointer is inside, else (a template's finding) every send node
 * of that template. Findings about nothing on the diagram (an exit event,
 * a template nobody sends) are left out.
 * @param {Array<object>} findings
 * @param {object} workflow
 * @returns {Map<string, Array<object>>}
 */
export function findingsByNode(findings, workflow) {
  const nodes = workflow?.nodes && typeof workflow.nodes === 'object' ? workflow.nodes : {};
  const byNode = new Map();
  const add = (id, f) => {
    if (!Object.hasOwn(nodes, id)) return;
    if (!byNode.has(id)) byNode.set(id, []);
    byNode.get(id).push(f);
  };
  for (const f of findings ?? []) {
    const id = typeof f?.node === 'string' && f.node ? f.node : nodeOfPointer(f?.pointer);
    if (id !== null) {
      add(id, f);
      continue;
    }
    if (typeof f?.template !== 'string' || !f.template) continue;
    for (const [nodeId, node] of Object.entries(nodes)) {
      if (own(node ?? {}, 'type') === 'send' && own(node, 'template') === f.template) add(nodeId, f);
    }
  }
  return byNode;
}

/**
 * The findings that do not repeat a validation warning (validation already
 * warns of unreachable nodes, with the same code and pointer).
 */
export function notInWarnings(findings, warnings) {
  const said = new Set((warnings ?? []).map((w) => `${w?.code}\u0000${w?.pointer}`));
  return (findings ?? []).filter((f) => !said.has(`${f.rule}\u0000${f.pointer}`));
}

/** The tooltip of a node's lint badge: the count, then each rule and message. */
export function badgeTitle(findings) {
  const list = findings ?? [];
  const n = list.length;
  const rules = [...new Set(list.map((f) => String(f.rule)))];
  return [`${n} lint finding${n === 1 ? '' : 's'}: ${rules.join(', ')}`, ...list.map((f) => `• ${f.rule} (${severityOf(f)}): ${f.message}`)].join('\n');
}
