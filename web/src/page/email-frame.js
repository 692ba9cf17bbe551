// The email preview's document: the rendered HTML made ready for an
// <iframe sandbox="" srcdoc=...> under the page's Content Security Policy.
//
//   const { srcdoc, links, images, removed } = emailSrcdoc(message.html);
//   frame.setAttribute('sandbox', '');   // no scripts, opaque origin
//   frame.srcdoc = srcdoc;
//
// Why a rewrite: a srcdoc document inherits the page's policy (style-src
// 'self' data:, img-src 'self' data:), so the email's inline styles and
// remote images would be blocked and reported. The HTML is parsed inertly
// (DOMParser: no script runs, nothing loads) and rewritten:
//   - style attributes and <style> blocks become one data: stylesheet; each
//     element's inline declarations become !important rules on a data-fp-s
//     attribute, which keeps inline styles winning as in a mail client;
//   - images from other servers become same-size placeholders showing their
//     alt text (flowproof contacts no server the fixture names), url() in CSS
//     likewise goes;
//   - links lose their href (listed beside the preview instead), so a click
//     cannot navigate the frame;
//   - scripts, event-handler attributes, frames, objects, forms' targets,
//     <base> and <meta http-equiv> are dropped: mail clients drop them too,
//     and the sandbox would not run them anyway.
// The sandbox is the security boundary; this rewrite is for fidelity and a
// quiet console.

import { emailHtml } from './trusted.js';

const DROP = 'script, iframe, frame, frameset, object, embed, applet, base, meta[http-equiv], link, video, audio, source, track, portal';
const URL_ATTRIBUTES = ['action', 'formaction', 'poster', 'background', 'srcset', 'lowsrc', 'dynsrc', 'ping', 'cite', 'longdesc', 'xlink:href', 'data'];

/**
 * @param {string} html the rendered email HTML
 * @returns {{srcdoc: string, links: Array<{text: string, href: string}>, images: Array<{src: string, alt: string}>, removed: string[]}}
 */
export function emailSrcdoc(html) {
  const doc = new DOMParser().parseFromString(emailHtml(String(html ?? '')), 'text/html');
  const removed = [];
  const links = [];
  const images = [];

  for (const node of doc.querySelectorAll(DROP)) {
    removed.push(node.localName);
    node.remove();
  }

  const cssBlocks = [];
  for (const style of doc.querySelectorAll('style')) {
    cssBlocks.push(cleanCss(style.textContent ?? ''));
    style.remove();
  }

  const rules = [];
  let styled = 0;
  for (const element of doc.querySelectorAll('*')) {
    for (const attr of [...element.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || URL_ATTRIBUTES.includes(name) || (name === 'href' && element.namespaceURI !== 'http://www.w3.org/1999/xhtml')) {
        if (name === 'background' && attr.value) images.push({ src: attr.value, alt: '(background image)' });
        element.removeAttribute(attr.name);
      }
    }
    if (element.hasAttribute('style')) {
      const declarations = importantDeclarations(cleanCss(element.getAttribute('style')));
      element.removeAttribute('style');
      if (declarations) {
        const id = ++styled;
        element.setAttribute('data-fp-s', String(id));
        rules.push(`[data-fp-s="${id}"]{${declarations}}`);
      }
    }
    const tag = element.localName;
    if ((tag === 'a' || tag === 'area') && element.hasAttribute('href')) {
      const href = element.getAttribute('href');
      links.push({ text: (element.textContent ?? '').replace(/\s+/g, ' ').trim() || element.querySelector('img')?.getAttribute('alt') || '(image)', href });
      element.removeAttribute('href');
      element.removeAttribute('target');
      element.setAttribute('data-fp-link', '');
      element.setAttribute('title', `Link: ${href}`);
    }
    if (tag === 'img' && element.hasAttribute('src')) {
      const src = element.getAttribute('src');
      if (!/^data:image\//i.test(src.trim())) {
        const alt = element.getAttribute('alt') ?? '';
        images.push({ src, alt });
        element.setAttribute('src', placeholder(element, alt));
      }
    }
  }

  const base = ':where(a[data-fp-link]){color:#0645ad;text-decoration:underline;cursor:pointer}';
  const css = [base, ...cssBlocks, ...rules].join('\n');
  const link = doc.createElement('link');
  link.setAttribute('rel', 'stylesheet');
  link.setAttribute('href', `data:text/css;charset=utf-8,${encodeURIComponent(css)}`);
  doc.head.prepend(link);
  if (!doc.querySelector('meta[charset]')) {
    const meta = doc.createElement('meta');
    meta.setAttribute('charset', 'utf-8');
    doc.head.prepend(meta);
  }
  return { srcdoc: `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`, links, images, removed: [...new Set(removed)] };
}

/** CSS without @import, remote url() references or expression(). */
export function cleanCss(css) {
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
    const d = declaration.trim();
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

function placeholder(img, alt) {
  const number = (v, fallback) => {
    const n = parseInt(v ?? '', 10);
    return Number.isFinite(n) && n > 0 && n < 4000 ? n : fallback;
  };
  const w = number(img.getAttribute('width'), 600);
  const hgt = number(img.getAttribute('height'), Math.round(w / 3) || 120);
  const label = alt ? alt.slice(0, 120) : 'image';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}">` +
    `<rect x="0.5" y="0.5" width="${w - 1}" height="${hgt - 1}" fill="#e9edf2" stroke="#a8b3c2" stroke-dasharray="4 3"/>` +
    `<text x="50%" y="50%" dominant-baseline="middle" text-anchor="middle" font-family="sans-serif" font-size="${Math.max(10, Math.min(14, hgt / 3))}" fill="#4a5568">${xmlEscape(`🖼 ${label}`)}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function xmlEscape(t) {
  return String(t).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}
