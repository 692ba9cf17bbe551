// Building DOM without HTML strings, for the page and the element alike
// (one builder, so both keep the same allow-list).
//
// Every piece of text a user (or a stranger's fixture) wrote enters the
// document as a text node, and only attributes from an allow-list can be set,
// so neither markup nor script nor a URL can slip in through a node id, a
// label or a rendered subject. There is no innerHTML in the page or the
// element.
//
//   h('button', { class: 'fp-btn', type: 'button', on: { click: step } }, 'Step')
//   s('rect', { x: 0, y: 0, width: 80, height: 40, rx: 6, class: 'fp-node' })   // SVG
//   text(node, 'alice')   // replaces the children with one text node

const HTML_ATTRIBUTE =
  /^(class|part|id|type|role|title|datetime|tabindex|disabled|hidden|value|name|for|placeholder|autocomplete|spellcheck|min|max|step|rows|cols|checked|selected|multiple|accept|open|draggable|lang|dir|colspan|readonly|required|maxlength|size|list|wrap|aria-[a-z]+|data-[a-z0-9-]+)$/;
// Geometry and presentation only: no href, no event handlers, no style.
const SVG_ATTRIBUTE =
  /^(class|id|role|tabindex|x|y|x1|y1|x2|y2|cx|cy|r|rx|ry|width|height|d|points|transform|viewBox|preserveAspectRatio|text-anchor|dominant-baseline|marker-end|marker-start|markerWidth|markerHeight|refX|refY|orient|markerUnits|focusable|aria-[a-z]+|data-[a-z0-9-]+)$/;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an HTML element. Strings among the children become text nodes.
 * `on` maps event names to listeners; `props` sets DOM properties (value,
 * checked) without going through attributes.
 * @param {string} tag
 * @param {object} [attributes]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes, HTML_ATTRIBUTE);
  return append(node, children);
}

/**
 * Creates an SVG element (same rules, SVG attribute allow-list).
 * @returns {SVGElement}
 */
export function s(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes, SVG_ATTRIBUTE);
  return append(node, children);
}

function setAttributes(node, attributes, allowed) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (name === 'on') {
      for (const [event, fn] of Object.entries(value ?? {})) node.addEventListener(event, fn);
      continue;
    }
    if (name === 'props') {
      for (const [key, v] of Object.entries(value ?? {})) {
        if (key === 'innerHTML' || key === 'outerHTML' || key.startsWith('on')) throw new Error(`h(): property '${key}' is not allowed`);
        node[key] = v;
      }
      continue;
    }
    if (value === undefined || value === null || value === false) continue;
    if (!allowed.test(name)) throw new Error(`h(): attribute '${name}' is not allowed`);
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * map[key] only when it is the map's own property: node ids and reasons come
 * from users, and "constructor" or "__proto__" must not find Object's.
 */
export function own(map, key, fallback = undefined) {
  return map && Object.hasOwn(map, key) ? map[key] : fallback;
}

/** Appends children (strings and numbers as text nodes; null/false skipped). */
export function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false || child === true) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces a node's children. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** Sets a node's text (textContent: never parsed as markup). */
export function text(node, value) {
  node.textContent = value === undefined || value === null ? '' : String(value);
  return node;
}

/** A <label> wrapping a caption and a control. */
export function field(caption, control, hint) {
  return h('label', { class: 'fp-field' }, h('span', { class: 'fp-field-caption' }, caption), control, hint ? h('span', { class: 'fp-field-hint' }, hint) : null);
}

/** A button; `variant` adds fp-btn--<variant>. */
export function button(label, onClick, { variant = '', title, disabled, testid, kind = 'button' } = {}) {
  return h(
    'button',
    {
      type: kind,
      class: `fp-btn${variant ? ` fp-btn--${variant}` : ''}`,
      title,
      disabled,
      'data-testid': testid,
      on: onClick ? { click: onClick } : undefined,
    },
    label,
  );
}
