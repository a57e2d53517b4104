/**
 * Values made of words: identifiers, dotted paths, names added up in code. A random
 * value breaks into short pieces, odd words and digit runs instead (test/generic.test.ts counts how
 * many random strings each shape takes). Pure.
 */

/** Whether lower-case `w` holds one of the `rare` letter pairs. */
export function rarePairIn(w: string, rare: ReadonlySet<string>): boolean {
  for (let i = 0; i + 1 < w.length; i++) if (rare.has(w.slice(i, i + 2))) return true;
  return false;
}

/**
 * A value's edges that identifiers carry (`__x__`, `?Token`, `_module.`, `#color`; at the end a marker
 * `Title*`, a folder's `/`, a prefix's `-`), and the joints inside it (`-`, `_`, `.`, and `:` and `/` of
 * tag keys and object paths: `lambda:createdBy`).
 */
const WORDS_EDGES = /^[?_$.@:#]*([A-Za-z0-9]+(?:[-_.:/#]{1,2}[A-Za-z0-9]+)*)[-_.$:*/]*$/;
/**
 * One word: an acronym of up to five capitals (`HTTP` in `HTTPPassword`), a capitalized or lower-case
 * word, then at most two digits (`PKCS8`).
 */
const WORD = /(?:[A-Z]{1,5}(?![A-Za-z])|[A-Z]{1,5}(?=[A-Z][a-z])|[A-Z]?[a-z]+)(\d{1,2}(?!\d))?/y;
const VOWEL = /[aeiouy]/i;
/**
 * Acronyms written as words in identifiers (`CIMHttpServer`, `XmlParser`, `parseSql`): words, though
 * without a vowel; and code's own words with fewer vowels than the rule asks (`QueryParamsStringKey`,
 * `scriptLength`).
 */
const TECH_WORDS = new Set(
  "http https xml html sql ssl tls ssh dns tcp udp url css jwt pdf png svg cpu gpu rsa dsa sha hmac pkcs smtp ftp sftp ldap grpc rpc crl csr pem der ntp snmp vpn string strings script scripts strict struct structs length lengths strength".split(
    " ",
  ),
);
const VOWELS = /[aeiouy]/gi;
/** Five consonants in a row: rare in words (`lengths`), common in random letters. */
const CONSONANTS = /[b-df-hj-np-tv-xz]{5}/i;

/**
 * How many words a value is, when it is only words run together, as identifiers, header names and map
 * keys are (`?NonExpressionParenEnd`, `Access-Control-Allow-Origin`, `__vite_ssr_exports__`,
 * `HTTPPasswordMgrWithDefaultRealm`); else 0. Words: two or more, joined by `-`, `_`, `.`, `:`, `/` or a
 * change of case, of four letters or more on average; every word of four letters or more (but an
 * acronym) with a vowel in every five letters and no five consonants in a row; at most one acronym,
 * one odd word (a single letter, or two or three lower-case letters without a vowel) and one run of
 * digits (after a word, or a part of its own). A random string in an alphabet secrets are written in
 * breaks into short pieces, odd words and digit runs instead (test/generic.test.ts counts how many of
 * 100,000 pass). Given English's `rare` letter pairs, three words or more of three letters or more on
 * average pass too, when none is odd, none holds a rare pair and no digits come with them
 * (`GetKeyGroup`, `addApiKeyWithHTTPInfo`).
 */
export function wordsIn(v: string, rare?: ReadonlySet<string>): number {
  if (v.length >= 64) return 0;
  const m = WORDS_EDGES.exec(v);
  if (!m) return 0;
  let words = 0;
  let letters = 0;
  let odd = 0;
  let digits = 0;
  let acronyms = 0;
  let common = rare !== undefined;
  for (const part of m[1]!.split(/[-_.:/#]+/)) {
    if (/^\d{1,2}$/.test(part)) {
      if (++digits > 1) return 0; // a number of its own: `taint-key-1`, `us-west-2`
      continue;
    }
    WORD.lastIndex = 0;
    while (WORD.lastIndex < part.length) {
      const at = WORD.lastIndex;
      const w = WORD.exec(part);
      if (!w) return 0;
      if (w[1] !== undefined && ++digits > 1) return 0;
      const word = part.slice(at, at + w[0].length - (w[1]?.length ?? 0));
      const n = word.length;
      const lower = /[a-z]/.test(word);
      const tech = lower && TECH_WORDS.has(word.toLowerCase());
      if (lower && n >= 4 && !tech && !pronounceable(word)) return 0;
      if ((n === 1 || (lower && n <= 3 && !tech && !VOWEL.test(word))) && ++odd > 1) return 0;
      if (n > 1 && !lower && ++acronyms > 1) return 0;
      // Pronounceable already: a longer word that is not returned 0 above, a shorter one is odd.
      if (common && lower && n > 1 && rarePairIn(word.toLowerCase(), rare!)) common = false;
      words++;
      letters += n;
    }
  }
  const plain = common && odd === 0 && digits === 0 && words >= 3;
  return words >= 2 && (letters >= 4 * words || (plain && letters >= 3 * words)) ? words : 0;
}

/** Letters as a word has them: a vowel in every five, and no five consonants in a row. */
export function pronounceable(w: string): boolean {
  return (w.match(VOWELS)?.length ?? 0) * 5 >= w.length && !CONSONANTS.test(w);
}

/** One capitalized, pronounceable word (`Description`). */
export function oneWord(v: string): boolean {
  return /^[A-Z][a-z]{3,30}$/.test(v) && pronounceable(v);
}

/**
 * Names added up, as code concatenates or sums them (`kernelThreadName+pid+tid`, `key+nextIndex`): two
 * or more, each a short lower-case name or a camelCase one of words, one of them at least camelCase.
 * A random base64 value's pieces between its `+` almost never are (test/generic.test.ts).
 */
export function namesAdded(v: string): boolean {
  if (!/^[A-Za-z_$][\w$]*(?:\+[A-Za-z_$][\w$]*)+$/.test(v)) return false;
  let camel = false;
  for (const part of v.split("+")) {
    const name = part.replace(/^[_$]+/, "");
    if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(name) && wordsIn(name) >= 2) camel = true;
    else if (!/^[a-z]{1,5}\d{0,2}$/.test(name)) return false;
  }
  return camel;
}

/**
 * Words in a name with a one-letter prefix before its first capital (`vFlashCacheIops`) and an
 * acronym at its end (`numActiveVMDKs`) set aside: wordsIn of the rest. A random value seldom has
 * either, and the words left must still read as words (test/generic.test.ts).
 */
export function identifierWords(v: string, rare?: ReadonlySet<string>): number {
  const rest = v.replace(/^[a-z](?=[A-Z][a-z])/, "").replace(/(?<=[a-z]{2})[A-Z]{2,5}s?$/, "");
  return rest === v ? 0 : wordsIn(rest, rare);
}

/**
 * A path of three names or more joined by `.` or `:`, dashes and underscores inside (vSphere's
 * `key-vim.host.PortGroup.Port-33554436`, `key-vim.host.ScsiTopology.Target-vmhba0:0:0`): every piece
 * a word or words, a short name (`vmhba1`, `Lun`), two or three capitalized syllables (`ScsiLun`),
 * a number or a long hex id, two words of four letters or more at least. A token's random pieces are
 * not.
 */
export function dottedName(v: string): boolean {
  if (!/^[A-Za-z][\w-]*(?:[.:][\w-]+){2,}$/.test(v)) return false;
  let words = 0;
  for (const part of v.split(/[.:_-]+/)) {
    if (/^\d*$|^[0-9a-f]{8,}$/.test(part)) continue;
    if (/^[A-Z]?[a-z]{3,}$/.test(part) && pronounceable(part)) words++;
    else if (wordsIn(part) >= 2) words += 2;
    else if (!/^[A-Z]?[a-z]{1,6}\d{0,3}$|^(?:[A-Z][a-z]+){2,3}$/.test(part)) return false;
  }
  return words >= 2;
}

/** A segment of a dotted name that is a word or words: `s3`, `consistent`, `retryPeriodSeconds`. */
export function wordy(seg: string): boolean {
  return /^[a-z]{1,4}\d{0,2}$|^[A-Z]?[a-z]{1,30}$/.test(seg) || wordsIn(seg) >= 2;
}
