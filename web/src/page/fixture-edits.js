// Edits of a fixture document that the page's forms make, as pure
// functions on the parsed fixture (they mutate the object they are given;
// the caller passes a copy). A contact's id is referenced by the script,
// the reactions and the expectations, so renaming or deleting it follows
// it there.
//
//   const id = addContact(doc, { timezone: 'Europe/Berlin' });
//   renameContact(doc, 'contact-3', 'maria');
//   deleteContact(doc, 'maria');

const REFERENCING = ['script', 'reactions', 'expect'];

/** A fresh contact id: contact-N. */
export function newContactId(doc) {
  const contacts = Array.isArray(doc?.contacts) ? doc.contacts : [];
  const ids = new Set(contacts.map((c) => c?.id));
  let n = contacts.length + 1;
  while (ids.has(`contact-${n}`)) n++;
  return `contact-${n}`;
}

/**
 * Appends a test contact with an email address; returns its id.
 * @param {object} doc
 * @param {{id?: string, timezone?: string}} [options]
 */
export function addContact(doc, { id = newContactId(doc), timezone = 'UTC' } = {}) {
  if (!Array.isArray(doc.contacts)) doc.contacts = [];
  const n = id.replace(/^contact-/, '');
  doc.contacts.push({ id, timezone, first_name: `Test ${n}`, email: `${id}@example.com` });
  return id;
}

/** Renames a contact everywhere it is referenced; false when `to` is taken or empty. */
export function renameContact(doc, from, to) {
  if (!to || (doc.contacts ?? []).some((c) => c?.id === to)) return false;
  for (const c of doc.contacts ?? []) if (c?.id === from) c.id = to;
  for (const key of REFERENCING) {
    if (Array.isArray(doc[key])) for (const e of doc[key]) if (e?.contact === from) e.contact = to;
  }
  return true;
}

/** Removes a contact and every script entry, reaction and expectation about it. */
export function deleteContact(doc, id) {
  doc.contacts = (doc.contacts ?? []).filter((c) => c?.id !== id);
  for (const key of REFERENCING) {
    if (Array.isArray(doc[key])) doc[key] = doc[key].filter((e) => e?.contact !== id);
  }
}

/** How many script entries name the contact. */
export function scriptUses(doc, id) {
  return (Array.isArray(doc?.script) ? doc.script : []).filter((s) => s?.contact === id).length;
}
