// A workflow's edges named as coverage keys. The page's diagram draws each
// edge under its key (page/diagram.js edgeKey) and the API records the keys
// a trace took (api/either/results.js): both spell them here, so that a
// taken edge is always one the diagram knows. shared/ sits below both.

/** Where a contact comes from into the start node: before any node. */
export const START = '\u0000start';

/** A step from node `from` (START at enrolment) to node `to`. */
export const stepKey = (from, to) => `${from}\u0000to\u0000${to}`;

const ARM = '\u0000label\u0000';
const VIA = '\u0000via\u0000';

/** The arm of a branch or the variant of a split at `node`, by its label ('else' for a branch's else). */
export const armKey = (node, label) => `${node}${ARM}${label}`;

/** The way out of a wait at `node` when its timeout ended it. */
export const timeoutKey = (node) => `${node}${VIA}timeout`;

/**
 * Whether `key` names an outcome (an arm, a variant, a wait's timeout),
 * which the core's coverage report judges, rather than a plain step, which
 * the trace shows taken or not.
 */
export const isOutcomeKey = (key) => key.includes(ARM) || key.includes(VIA);
