// Is what was dropped or pasted a platform export for `flowproof import`?
// The page's half of the detection, free of DOM and of the core so that
// Node tests it (tests/js/import.test.mjs):
//
//   kindOfText(text)                    // 'flowproof' | 'names' | 'candidate' | 'other' | 'unreadable'
//   platformFromFileName('cart.klaviyo.json')   // 'klaviyo'
//   pickExport(new Map([[name, text], ...]))    // {name, text, from, names} or null
//   locateInExport(text, pointer)       // {line, column, excerpt, exact} or null
//
// The page only tells flowproof's own documents (which keep the open path
// they always had) from the rest; WHICH platform an export is from is the
// core's call (importWorkflow with from '' runs DetectPlatform), so the page,
// the API and `flowproof import` never disagree. A file named
// NAME.klaviyo.json (.dittofeed, .hubspot: the gallery's naming) states its
// platform, so even a broken one gets the importer's located error instead
// of being opened as a fixture.

import { locatePointer } from './json-locate.js';

/** [id, label] of each platform `flowproof import` reads. */
export const PLATFORMS = Object.freeze([
  ['dittofeed', 'Dittofeed'],
  ['klaviyo', 'Klaviyo'],
  ['hubspot', 'HubSpot'],
]);

/** 'Klaviyo' for 'klaviyo'; the id itself for anything else. */
export function platformLabel(from) {
  return PLATFORMS.find(([id]) => id === from)?.[1] ?? String(from ?? '');
}

/** The platform a file name states (NAME.klaviyo.json), or ''. */
export function platformFromFileName(name) {
  const m = /\.(dittofeed|klaviyo|hubspot)\.json$/i.exec(String(name ?? ''));
  return m ? m[1].toLowerCase() : '';
}

/**
 * What a text is, as far as opening it goes:
 * - 'flowproof': a flowproof workflow or fixture ("format": "flowproof.…");
 * - 'names': a `--names` map (an object whose values are all strings);
 * - 'candidate': any other JSON object, which may be an export;
 * - 'other': JSON that is not an object;
 * - 'unreadable': not JSON (or too deep for JSON.parse).
 * @param {string} textValue
 */
export function kindOfText(textValue) {
  const t = String(textValue ?? '');
  // flowproof writes "format" first: a big fixture is not parsed twice on the main thread to learn that.
  if (/^\s*\{\s*"format"\s*:\s*"flowproof\./.test(t.slice(0, 200))) return 'flowproof';
  let doc;
  try {
    doc = JSON.parse(t);
  } catch {
    return 'unreadable';
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return 'other';
  if (typeof doc.format === 'string' && doc.format.startsWith('flowproof.')) return 'flowproof';
  const values = Object.values(doc);
  if (values.length && values.every((v) => typeof v === 'string')) return 'names';
  return 'candidate';
}

/**
 * The export among files dropped or picked together, with the names map
 * dropped beside it (the gallery keeps one as names.json). Null when a
 * flowproof document is among them (that is the ordinary open) or nothing
 * could be an export.
 * @param {Map<string, string>} texts file name -> text
 * @returns {{name: string, text: string, from: string, names: object|null}|null}
 */
export function pickExport(texts) {
  let exported = null;
  let names = null;
  for (const [name, textValue] of texts) {
    const kind = kindOfText(textValue);
    if (kind === 'flowproof') return null;
    const from = platformFromFileName(name);
    if (kind === 'names' && !from) names ??= JSON.parse(textValue);
    else if (!exported && (kind === 'candidate' || from)) exported = { name, text: textValue, from };
  }
  return exported ? { ...exported, names } : null;
}

/** Exports larger than this are not scanned for excerpts (each lookup reads from the start). */
const LOCATE_MAX_CHARS = 4 * 1024 * 1024;

/**
 * Where a JSON Pointer of an import loss or problem is in the export text:
 * 1-based line and column, and an excerpt of the text there: what precedes
 * the value on its line (its key, usually: up to 60 characters) and the
 * value, at most 160 characters, whitespace folded (text, never markup).
 * `exact` false: the pointer's own value is not in the text and this is
 * the deepest part of it that is.
 * @returns {{line: number, column: number, excerpt: string, exact: boolean}|null}
 */
export function locateInExport(textValue, pointer) {
  const t = String(textValue ?? '');
  if (t.length > LOCATE_MAX_CHARS || typeof pointer !== 'string') return null;
  const range = locatePointer(t, pointer);
  if (!range) return null;
  const before = t.slice(0, range.from);
  const line = before.split('\n').length;
  const column = range.from - before.lastIndexOf('\n');
  const fold = (x) => x.replace(/\s+/g, ' ');
  let lead = fold(before.slice(before.lastIndexOf('\n') + 1)).trimStart();
  if (lead.length > 60) lead = `…${lead.slice(-59)}`;
  const raw = t.slice(range.from, Math.min(range.to, range.from + 400));
  let excerpt = `${lead}${fold(raw)}`.trimEnd();
  if (excerpt.length > 160 || range.to - range.from > raw.length) excerpt = `${excerpt.slice(0, 159)}…`;
  return { line, column, excerpt, exact: range.exact };
}
