// Trusted Types: the page's CSP says `require-trusted-types-for 'script'`,
// so the browser itself refuses any HTML string written into the DOM
// (innerHTML, outerHTML, document.write, srcdoc, DOMParser) unless it went
// through a policy named here. There are two:
//
//   'flowproof-email'  used only by email-frame.js: parses rendered email
//                      HTML in an inert DOMParser document and hands the
//                      rewritten document to a sandbox="" srcdoc frame;
//   'default'          the browser's fallback for every other sink: it
//                      refuses all HTML and script text, and lets through
//                      only script URLs of this site (the tester's Web
//                      Worker).
//
//   import { emailHtml } from './trusted.js';
//   frame.srcdoc = emailHtml(srcdoc);
//
// In browsers without Trusted Types the functions return the string as is
// (the CSP's script-src and the sandbox still hold).

const tt = typeof window !== 'undefined' ? window.trustedTypes : undefined;

let emailPolicy = null;

if (tt?.createPolicy) {
  try {
    tt.createPolicy('default', {
      createHTML: () => null, // null: the sink is blocked (and reported)
      createScript: () => null,
      createScriptURL: (url) => {
        try {
          const u = new URL(url, document.baseURI);
          return u.origin === location.origin ? u.href : null;
        } catch {
          return null;
        }
      },
    });
  } catch {
    // a default policy exists already (the page was embedded twice): keep it
  }
  try {
    emailPolicy = tt.createPolicy('flowproof-email', { createHTML: (html) => html });
  } catch {
    emailPolicy = null;
  }
}

/**
 * Marks email HTML as allowed for DOMParser and srcdoc. Only email-frame.js
 * and previews.js call this, and only for documents that go to an inert
 * parser or a sandbox="" frame.
 * @param {string} html
 */
export function emailHtml(html) {
  return emailPolicy ? emailPolicy.createHTML(String(html)) : String(html);
}
