/**
 * Authorization-style headers in free text (`Authorization: Bearer …`, `X-Api-Key: token …`): the scheme
 * words, where a header's value may start (schemeSiteIn), and each header's name and value. Pure.
 */
import { each } from "./each-match.js";

/**
 * The schemes SCHEME reads (in any case). They are keywords of the automaton too (engine.ts), whose
 * hits of them tell schemeSiteIn where they are.
 */
export const SCHEME_WORDS: readonly string[] = ["bearer", "basic", "token", "bot", "apikey", "sso-key"];
const SCHEME_ANY = `(?:${SCHEME_WORDS.join("|")})`;
// Authorization-style headers with a scheme: "Authorization: Bearer x", "X-Api-Key: token x". The
// regex anchors on the scheme word; the separator and the header name are read backwards (cheap on
// long lines, where `:` and `=` are everywhere).
const SCHEME = new RegExp(`${SCHEME_ANY}\\s{1,4}[A-Za-z0-9._~+/=:-]{6,2000}`, "gi");
const HEADER_NAME = /^(?:[\w-]{0,40}authorization|[\w-]{0,40}api[_-]?key|x-[\w-]{0,40}token)$/i;
/**
 * What any SCHEME match that gives a pair starts with: a separator, spaces, maybe a quote, then the
 * scheme word and a space (see separatorBefore). Starting with `:` or `=`, it is cheap to look for, so
 * a window without one skips SCHEME, which tries its case-insensitive words at every position.
 */
const SCHEME_SITE = new RegExp(`[:=]\\s{0,4}["']?${SCHEME_ANY}\\s`, "i");

/** Whether `s` holds a SCHEME_SITE. */
export function hasSchemeSite(s: string): boolean {
  return SCHEME_SITE.test(s);
}

/** What `\s` matches in a regex: the ASCII blanks by code, any other character by the regex itself. */
const SPACE = /\s/;
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 128 && SPACE.test(String.fromCharCode(c)));
}

/**
 * Whether text[from, to) holds a SCHEME_SITE (what `SCHEME_SITE.test(text.slice(from, to))` says),
 * given where the scheme words occur: `words` holds a start and an end offset for each occurrence of
 * a SCHEME_WORDS word in `text` (in any case), ordered by end, from index `at` on (the occurrences
 * ending before `from` may be left out). Only a scheme word can be the site's middle, so only the
 * characters around each occurrence are looked at: the blank after it, then the separator before it
 * (separatorBefore), all inside the window. The regex itself tried its
 * separator class at every `:` and `=` of every window, 5% of a scan of keyword-dense code.
 */
export function schemeSiteIn(
  text: string,
  from: number,
  to: number,
  words: ArrayLike<number>,
  at = 0,
): boolean {
  for (let k = at; k < words.length; k += 2) {
    const start = words[k]!;
    const end = words[k + 1]!;
    if (end >= to) return false;
    if (start < from || !isSpace(text.charCodeAt(end))) continue;
    if (separatorBefore(text, start, from) >= 0) return true;
  }
  return false;
}

/**
 * Where the `:` or `=` sits before a value at `at` (`: "`, `='`, `:  `), or -1: a quote, up to four
 * blanks, then the separator, none of them before `from`.
 */
function separatorBefore(text: string, at: number, from = 0): number {
  let i = at;
  if (i > from && (text.charCodeAt(i - 1) === 34 || text.charCodeAt(i - 1) === 39)) i--;
  for (let n = 0; n < 4 && i > from && isSpace(text.charCodeAt(i - 1)); n++) i--;
  const c = i > from ? text.charCodeAt(i - 1) : -1;
  return c === 58 || c === 61 ? i - 1 : -1;
}

function nameBefore(window: string, at: number): string {
  let end = at;
  while (end > 0 && /[\s"']/.test(window[end - 1]!)) end--;
  let start = end;
  while (start > 0 && start > end - 64 && /[\w-]/.test(window[start - 1]!)) start--;
  return window.slice(start, end);
}

/**
 * Authorization-style headers of `s`: each SCHEME match (`Bearer x`) with a separator right before it
 * and a header name before that, as `fn(headerName, match)`. Skipped at once when `s` holds no
 * SCHEME_SITE, since no match could then have its separator. `site`: whether it holds one, when the
 * caller knows (schemeSiteIn); `siteFirst` false: tried anyway, which a test compares against.
 */
export function eachSchemeHeader(
  s: string,
  fn: (key: string, m: RegExpExecArray) => void,
  siteFirst = true,
  site?: boolean,
): void {
  if (siteFirst && !(site ?? hasSchemeSite(s))) return;
  each(SCHEME, s, (m) => {
    const sep = separatorBefore(s, m.index);
    if (sep < 0) return;
    const key = nameBefore(s, sep);
    if (HEADER_NAME.test(key)) fn(key, m);
  });
}
