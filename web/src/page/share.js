// Share links: the whole fixture (and where the viewer stood) deflated and
// base64url-encoded into the URL fragment, "#f=...". A fragment never
// reaches a server, so the link works on any static host and the fixture
// stays between the people who pass the link around.
//
//   const hash = encodeShare({ fixture, view: { time, contact } });   // "#f=..."
//   const state = decodeShare(location.hash);   // {fixture, view} | {error} | null (no share)
//
// Decoding is hostile-input safe: the inflated size is bounded while it
// inflates (a deflate bomb stops at the limit), the JSON carries its digest
// (a link damaged in transit is refused, not read as another fixture), and
// every failure is a value ({error}), never a throw.

import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';

const SHARE_VERSION = 1;
/** The inflated state is refused beyond this (a fixture is at most a few MiB). */
const MAX_SHARE_BYTES = 16 * 1024 * 1024;

/** FNV-1a of a string, as 8 hex digits: tells share links apart without storing them. */
export function digest(textValue) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < textValue.length; i++) {
    hash ^= textValue.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Bytes to base64url without padding. */
export function toBase64Url(bytes) {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padding optional) to bytes; throws on invalid characters. */
function fromBase64Url(textValue) {
  const t = String(textValue).replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*$/.test(t)) throw new Error('not base64url');
  const padded = t + '='.repeat((4 - (t.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The fragment for a state.
 * @param {{fixture: object|string, view?: object}} state fixture as an object or its JSON text (kept verbatim)
 * @returns {string} "#f=..."
 */
export function encodeShare({ fixture, view = {} }) {
  const payload = { v: SHARE_VERSION, view };
  if (typeof fixture === 'string') payload.text = fixture;
  else payload.fixture = fixture;
  // The JSON's digest goes first: raw deflate has no checksum, and a bit
  // flipped in transit can inflate to another fixture without any error.
  const json = JSON.stringify(payload);
  const bytes = deflateSync(strToU8(digest(json) + json), { level: 9 });
  return `#f=${toBase64Url(bytes)}`;
}

/**
 * Reads a share fragment.
 * @param {string} hash location.hash
 * @returns {null|{fixture?: object, text?: string, view: object}|{error: string}}
 */
export function decodeShare(hash) {
  const m = /^#?f=([A-Za-z0-9_-]*)$/.exec(String(hash ?? '').trim());
  if (!m) return null;
  let bytes;
  try {
    bytes = fromBase64Url(m[1]);
  } catch {
    return { error: 'The share link is damaged (it is not valid base64url). Was it cut short when it was copied?' };
  }
  let inflated;
  try {
    inflated = inflateBounded(bytes);
  } catch (e) {
    if (e instanceof TooLarge) return { error: `The share link is too large: it unpacks to more than ${MAX_SHARE_BYTES >> 20} MiB, which the page refuses.` };
    return { error: `The share link is damaged (${e.message}). Was it cut short when it was copied?` };
  }
  let json = strFromU8(inflated);
  const signed = /^[0-9a-f]{8}(?=\{)/.exec(json);
  if (signed) {
    json = json.slice(8);
    if (digest(json) !== signed[0]) return { error: 'The share link is damaged (its checksum does not match). Was it changed when it was copied?' };
  }
  // (Links made before the checksum hold the JSON alone: read as they are.)
  let payload;
  try {
    payload = JSON.parse(json);
  } catch {
    return { error: 'The share link does not hold valid JSON.' };
  }
  if (!payload || typeof payload !== 'object' || payload.v !== SHARE_VERSION) {
    return { error: 'The share link was made by another version of flowproof.' };
  }
  const view = payload.view && typeof payload.view === 'object' && !Array.isArray(payload.view) ? payload.view : {};
  if (typeof payload.text === 'string') return { text: payload.text, view };
  if (payload.fixture && typeof payload.fixture === 'object') return { fixture: payload.fixture, view };
  return { error: 'The share link holds no fixture.' };
}

/** Thrown when a link unpacks to more than MAX_SHARE_BYTES. */
class TooLarge extends Error {}

function inflateBounded(bytes) {
  // Streamed, so a deflate bomb is refused once it passes the limit instead
  // of after it has filled the memory.
  const chunks = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_SHARE_BYTES) throw new TooLarge('it is too large');
    chunks.push(chunk);
  });
  // In slices: fflate inflates all it is given before it calls back, and
  // deflate reaches about 1,000 to 1, so a 1 KiB slice makes at most about
  // 1 MiB before the limit above is checked (a 2.8 MB link that unpacks to
  // 2 GiB is refused after 16 MiB instead of being unpacked whole).
  const slice = 1024;
  let read = 0;
  do {
    const end = Math.min(bytes.length, read + slice);
    inflater.push(bytes.subarray(read, end), end === bytes.length);
    read = end;
  } while (read < bytes.length);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
