// The email preview's document: the rendered HTML made ready for an
// <iframe sandbox="" srcdoc=...> under the page's Content Security Policy.
//
//   const { srcdoc, links, images, removed } = emailSrcdoc(message.html);
//   frame.setAttribute('sandbox', '');   // no scripts, opaque origin
//   frame.srcdoc = emailHtml(srcdoc);     // trusted.js
//
// Why a rewrite: a srcdoc document inherits the page's policy (style-src
// 'self' data:, img-src 'self' data:), so the email's inline styles and
// remote images would be blocked, and reported as violations. The HTML is
// tokenized here as a string (no DOM: even an inert DOMParser document
// reports every style attribute to the page's CSP) and rewritten tag by tag:
//   - style attributes and <style> blocks become one data: stylesheet; each
//     element's inline declarations become !important rules on a data-fp-s
//     attribute, which keeps inline styles winning as in a mail client;
//   - images from other servers become same-size placeholders showing their
//     alt text (the tester contacts no server a fixture names); url() in CSS
//     likewise goes;
//   - links lose their href (listed beside the preview instead, and shown on
//     hover), so a click cannot navigate the frame;
//   - scripts, event-handler attributes, frames, objects, <base>, <link>,
//     <meta http-equiv> and form targets are dropped, as mail clients do.
// The sandbox is the security boundary; this rewrite is for fidelity and a
// quiet console. Anything it misreads can at worst be blocked by the CSP.

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
// Dropped with everything inside (they are raw text: their content is not markup).
const DROP_WITH_CONTENT = new Set(['script', 'iframe', 'noembed', 'noframes']);
// Dropped tags whose content (fallback) stays.
const DROP_TAG = new Set(['object', 'embed', 'applet', 'frame', 'frameset', 'base', 'link', 'video', 'audio', 'source', 'track', 'portal', 'param']);
const URL_ATTRIBUTES = new Set(['action', 'formaction', 'poster', 'background', 'srcset', 'lowsrc', 'dynsrc', 'ping', 'cite', 'longdesc', 'xlink:href', 'data', 'srcdoc', 'target', 'codebase', 'archive', 'manifest', 'imagesrcset']);

/**
 * @param {string} html the rendered email HTML
 * @returns {{srcdoc: string, links: Array<{text: string, href: string}>, images: Array<{src: string, alt: string}>, removed: string[]}}
 */
export function emailSrcdoc(html) {
  const tokens = tokenize(String(html ?? ''));
  const removed = new Set();
  const links = [];
  const images = [];
  const cssBlocks = [];
  const rules = [];
  let styled = 0;
  let out = '';
  let insertAt = 0;
  let seenContent = false;
  let linkText = null; // collects the text of the <a> being read

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'doctype') {
      out += t.raw;
      if (!seenContent) insertAt = out.length;
      continue;
    }
    if (t.type === 'text') {
      if (t.raw.trim()) seenContent = true;
      if (linkText !== null) linkText.text += decodeEntities(t.raw);
      out += t.raw;
      continue;
    }
    if (t.type === 'comment') {
      out += t.raw;
      continue;
    }
    seenContent = true;
    if (t.type === 'end') {
      if (DROP_TAG.has(t.name) || DROP_WITH_CONTENT.has(t.name) || t.name === 'style') continue;
      if (t.name === 'a' && linkText !== null) {
        linkText.entry.text = linkText.text.replace(/\s+/g, ' ').trim() || linkText.entry.text;
        linkText = null;
      }
      out += `</${t.name}>`;
      continue;
    }
    // A start tag.
    const name = t.name;
    if (name === 'style') {
      const content = tokens[i + 1]?.type === 'text' && tokens[i + 1].rawTextOf === 'style' ? tokens[++i].raw : '';
      cssBlocks.push(cleanCss(content));
      continue;
    }
    if (DROP_WITH_CONTENT.has(name)) {
      removed.add(name);
      if (tokens[i + 1]?.type === 'text' && tokens[i + 1].rawTextOf === name) i++;
      continue;
    }
    if (DROP_TAG.has(name) || (name === 'meta' && t.attrs.some((a) => a.lname === 'http-equiv'))) {
      removed.add(name === 'meta' ? 'meta http-equiv' : name);
      continue;
    }
    const attrs = [];
    const seen = new Set();
    let href = null;
    let src = null;
    let alt = '';
    let styleText = null;
    for (const a of t.attrs) {
      if (seen.has(a.lname)) continue; // the first of a duplicated attribute wins, as in browsers
      seen.add(a.lname);
      if (a.lname.startsWith('on') || URL_ATTRIBUTES.has(a.lname)) {
        if (a.lname === 'background' && a.value) images.push({ src: decodeEntities(a.value), alt: '(background image)' });
        continue;
      }
      if (a.lname === 'style') {
        styleText = decodeEntities(a.value ?? '');
        continue;
      }
      if (a.lname === 'href') {
        if (name === 'a' || name === 'area') href = decodeEntities(a.value ?? '');
        continue; // on any element: SVG <use>/<image> hrefs load things
      }
      if (a.lname === 'src') {
        if (name === 'img') src = decodeEntities(a.value ?? '');
        continue;
      }
      if (a.lname === 'alt') alt = decodeEntities(a.value ?? '');
      attrs.push(a);
    }
    let tag = `<${t.rawName}`;
    for (const a of attrs) tag += a.value === null ? ` ${a.name}` : ` ${a.name}="${a.value.replace(/"/g, '&quot;')}"`;
    if (styleText !== null) {
      const declarations = importantDeclarations(cleanCss(styleText));
      if (declarations) {
        const id = ++styled;
        tag += ` data-fp-s="${id}"`;
        rules.push(`[data-fp-s="${id}"]{${declarations}}`);
      }
    }
    if (href !== null) {
      const entry = { text: alt || '(link)', href };
      links.push(entry);
      tag += ` data-fp-link="" title="${attrEscape(`Link: ${href}`)}"`;
      if (name === 'a' && !t.selfClosing) linkText = { entry, text: '' };
    }
    if (src !== null) {
      if (/^data:image\//i.test(src.trim())) {
        tag += ` src="${attrEscape(src)}"`;
      } else {
        images.push({ src, alt });
        tag += ` src="${placeholder(t.attrs, alt)}"`;
      }
      if (linkText !== null && alt && !linkText.text) linkText.text = alt;
    }
    tag += t.selfClosing ? ' />' : '>';
    out += tag;
    if (RAW_TEXT.has(name) && tokens[i + 1]?.type === 'text' && tokens[i + 1].rawTextOf === name) {
      out += tokens[++i].raw;
    }
  }

  const base = ':where(a[data-fp-link]){color:#0645ad;text-decoration:underline;cursor:pointer}';
  const css = [base, ...cssBlocks, ...rules].join('\n');
  const head = `<meta charset="utf-8"><link rel="stylesheet" href="data:text/css;charset=utf-8,${encodeURIComponent(css)}">`;
  const srcdoc = out.slice(0, insertAt) + head + out.slice(insertAt);
  return { srcdoc, links, images, removed: [...removed] };
}

/**
 * Splits HTML into tokens, as the HTML tokenizer would at the level of tags:
 * text, comments (also <!...> and <?...>), doctypes, start tags with their
 * attributes (raw values, entities undecoded) and end tags. Raw-text
 * elements (script, style, textarea, title...) yield their content as one
 * text token with `rawTextOf`.
 * @param {string} html
 */
export function tokenize(html) {
  const tokens = [];
  const n = html.length;
  let i = 0;
  let textStart = 0;
  const flushText = (end) => {
    if (end > textStart) tokens.push({ type: 'text', raw: html.slice(textStart, end) });
  };
  while (i < n) {
    if (html[i] !== '<') {
      i = html.indexOf('<', i);
      if (i < 0) i = n;
      continue;
    }
    const next = html[i + 1];
    if (html.startsWith('<!--', i)) {
      flushText(i);
      let end = html.indexOf('-->', i + 4);
      if (html.startsWith('<!-->', i)) end = i + 2;
      else if (html.startsWith('<!--->', i)) end = i + 3;
      end = end < 0 ? n : end + 3;
      tokens.push({ type: 'comment', raw: html.slice(i, end) });
      i = textStart = end;
      continue;
    }
    if (next === '!' || next === '?') {
      flushText(i);
      let end = html.indexOf('>', i + 2);
      end = end < 0 ? n : end + 1;
      const raw = html.slice(i, end);
      tokens.push({ type: /^<!doctype/i.test(raw) ? 'doctype' : 'comment', raw: /^<!doctype/i.test(raw) ? raw : `<!--${raw.slice(2, raw.endsWith('>') ? -1 : undefined).replace(/--/g, '- -')}-->` });
      i = textStart = end;
      continue;
    }
    if (next === '/' && /[A-Za-z]/.test(html[i + 2] ?? '')) {
      flushText(i);
      let j = i + 2;
      while (j < n && !/[\s/>]/.test(html[j])) j++;
      const name = html.slice(i + 2, j).toLowerCase();
      const end = html.indexOf('>', j);
      i = textStart = end < 0 ? n : end + 1;
      tokens.push({ type: 'end', name });
      continue;
    }
    if (next === '/' ) {
      // "</>" is dropped; "</ x>" is a bogus comment.
      flushText(i);
      const end = html.indexOf('>', i + 2);
      i = textStart = end < 0 ? n : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(next ?? '')) {
      i++;
      continue; // a literal "<" in text
    }
    flushText(i);
    let j = i + 1;
    while (j < n && !/[\s/>]/.test(html[j])) j++;
    const rawName = html.slice(i + 1, j).replace(/[^A-Za-z0-9:_-]/g, '');
    const name = rawName.toLowerCase();
    const attrs = [];
    let selfClosing = false;
    for (;;) {
      while (j < n && /[\s/]/.test(html[j])) {
        if (html[j] === '/' && html[j + 1] === '>') {
          selfClosing = true;
          j++;
          break;
        }
        j++;
      }
      if (j >= n) break;
      if (html[j] === '>') {
        j++;
        break;
      }
      const nameStart = j;
      j++; // the first character may be '='
      while (j < n && !/[\s/>=]/.test(html[j])) j++;
      const attrName = html.slice(nameStart, j);
      while (j < n && /\s/.test(html[j])) j++;
      let value = null;
      if (html[j] === '=') {
        j++;
        while (j < n && /\s/.test(html[j])) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          value = html.slice(j + 1, end < 0 ? n : end);
          j = end < 0 ? n : end + 1;
        } else {
          const start = j;
          while (j < n && !/[\s>]/.test(html[j])) j++;
          value = html.slice(start, j);
        }
      }
      // Names are re-emitted, so keep only characters that cannot break out.
      const safeName = attrName.replace(/[^A-Za-z0-9:_.-]/g, '');
      if (safeName) attrs.push({ name: safeName, lname: safeName.toLowerCase(), value });
    }
    tokens.push({ type: 'start', name, rawName: rawName || 'span', attrs, selfClosing });
    i = textStart = j;
    if (RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}(?=[\\s/>])`, 'i');
      const rest = html.slice(i);
      const m = close.exec(rest);
      const end = m ? i + m.index : n;
      if (end > i) tokens.push({ type: 'text', raw: html.slice(i, end), rawTextOf: name });
      i = textStart = end;
    }
  }
  flushText(n);
  return tokens;
}

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', hellip: '…', mdash: '—', ndash: '–', middot: '·', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', euro: '€', trade: '™', bull: '•' };

/** Decodes character references (numeric and the common named ones). */
export function decodeEntities(textValue) {
  return String(textValue).replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (all, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return Object.hasOwn(NAMED, ref.toLowerCase()) ? NAMED[ref.toLowerCase()] : all;
  });
}

function attrEscape(textValue) {
  return String(textValue).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** CSS without @import, remote url() references or expression(). */
function cleanCss(css) {
  return String(css)
    .replace(/@import[^;]*;?/gi, '')
    .replace(/url\(\s*(['"]?)(.*?)\1\s*\)/gi, (all, q, url) => (/^data:image\//i.test(url.trim()) ? all : 'none'))
    .replace(/expression\s*\(/gi, 'invalid(')
    .replace(/<\/?style/gi, '');
}

/** "color: red; padding: 0" -> "color: red !important;padding: 0 !important". */
export function importantDeclarations(style) {
  const out = [];
  for (const declaration of splitDeclarations(style)) {
    const d = declaration.replace(/[{}]/g, '').trim();
    if (!d || !d.includes(':')) continue;
    out.push(/!\s*important\s*$/i.test(d) ? d : `${d} !important`);
  }
  return out.join(';');
}

// Splits on ';' outside quotes and parentheses.
function splitDeclarations(style) {
  const parts = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < style.length; i++) {
    const c = style[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      parts.push(style.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(style.slice(start));
  return parts;
}

function placeholder(attrs, alt) {
  const attr = (name) => attrs.find((a) => a.lname === name)?.value;
  const number = (v, fallback) => {
    const n = parseInt(v ?? '', 10);
    return Number.isFinite(n) && n > 0 && n < 4000 ? n : fallback;
  };
  const w = number(attr('width'), 600);
  const hgt = number(attr('height'), Math.round(w / 3) || 120);
  const label = alt ? alt.slice(0, 120) : 'image';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}">` +
    `<rect x="0.5" y="0.5" width="${w - 1}" height="${hgt - 1}" fill="#e9edf2" stroke="#a8b3c2" stroke-dasharray="4 3"/>` +
    `<text x="50%" y="50%" dominant-baseline="middle" text-anchor="middle" font-family="sans-serif" font-size="${Math.max(10, Math.min(14, hgt / 3))}" fill="#4a5568">${xmlEscape(label)}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function xmlEscape(t) {
  return String(t).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}
