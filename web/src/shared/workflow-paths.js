// Which workflows a fixture names by path instead of embedding them. One rule
// for the API (which fetches them), the page's open and drop (which reads them
// beside the fixture) and the gallery index (which hides them as entries):
// shared/ sits below the API, so all three can import it.

/** The workflows a fixture names by path: `workflow`, or a portfolio's `workflows` entries. */
export function workflowPaths(doc) {
  if (!doc || typeof doc !== 'object') return [];
  if (Array.isArray(doc.workflows)) {
    return doc.workflows.flatMap((w, i) => (typeof w === 'string' ? [{ path: w, pointer: `/workflows/${i}` }] : []));
  }
  return typeof doc.workflow === 'string' ? [{ path: doc.workflow, pointer: '/workflow' }] : [];
}
