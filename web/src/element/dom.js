// Building DOM without HTML strings: every piece of text a user wrote
// (names, ids, labels, rendered subjects) enters the document as a text node,
// so markup in it stays text. There is no innerHTML anywhere in the element.
//
//   el('li', { class: 'fp-contact', 'data-id': id }, el('span', {}, name))

// Attributes the element sets; anything else (on*, style, href, src) is
// refused so that no caller can slip script or a URL in through here.
const SAFE_ATTRIBUTE = /^(class|part|type|role|title|tabindex|disabled|hidden|value|max|datetime|for|id|name|lang|dir|aria-[a-z]+|data-[a-z-]+)$/;

/**
 * Creates an element with attributes and children (strings become text nodes).
 * @param {string} tag
 * @param {Object<string, string|number|boolean|null|undefined>} [attributes]
 * @param {...(Node|string|number|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (!SAFE_ATTRIBUTE.test(name)) throw new Error(`el(): attribute '${name}' is not allowed`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends children, strings as text nodes. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces a node's children. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}
