/**
 * judge(): pure, named predicates that drop candidates which are not secrets. Each drop is counted by
 * reason so `--debug` can show why something was not reported.
 */
import type { GlobalData, Rule } from "../rules/types.js";
import type { Candidate } from "../types.js";
import { charClasses } from "./entropy.js";
import { normalizeKey } from "./key-name.js";
import { runValidator, signedWithKnownKey } from "./validate.js";

export type DropReason =
  | "documentation-host"
  | "badge-url"
  | "reference"
  | "placeholder"
  | "example-key"
  | "low-entropy"
  | "checksum"
  | "not-secret-key"
  | "not-secret-value"
  | "too-short"
  | "provider-format"
  | "encrypted";

export function isReference(value: string, g: GlobalData): boolean {
  return g.references.some((re) => re.test(value));
}

export function isPlaceholder(value: string, g: GlobalData, generic: boolean, docs = false): boolean {
  if (g.placeholders.some((re) => re.test(value))) return true;
  // Documentation marks its made-up long values inside (an STS session token `…wEXAMPLEtc764…`, a PEM
  // body `EXAMPLEBAAKCAQEA…`, a web identity token `…ZwXZXXXXXXXXJnrul…`); a random one spells neither
  // word nor eight x's (one chance in 10^10 per place).
  if (value.length > 256) return /example|placeholder|x{8}/i.test(value);
  if (typedInOrder(value)) return true;
  // Documentation names what goes there (`password123`); elsewhere that is a weak live credential.
  if (docs && selfDescribing(value, g)) return true;
  const lower = value.toLowerCase();
  if (generic) return g.placeholderWords.some((w) => lower.includes(w));
  // Provider formats: only unmistakable markers (a random body never spells them).
  return /x{6,}|\*{4,}|\.{3}|…|example|placeholder|your[-_]|<|>|\{\{|\$\{/i.test(value);
}

/** Look-alike characters between letters, as a made-up password spells its words (`s00pers3cret`). */
const LEET_RUN = /(?<=[a-z])[013457@$]+(?=[a-z])/g;
/** Each look-alike (`013457@$`) as the letter it stands for (`oieastas`). */
const asLetters = (run: string) => run.replace(/./g, (ch) => "oieastas"["013457@$".indexOf(ch)]!);
/** The words a credential is called by: a value that spells one is describing itself. */
const CREDENTIAL_WORD = /password|passwd|passphrase|secret|token|apikey|pass(?![a-z])/;
/** The pieces a value's remainder breaks into: an acronym, a word, a letter, digits, anything else. */
const PIECE = /[A-Z]{2,5}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+|[^A-Za-z0-9]+/g;

/**
 * Whether a value names the credential it stands for instead of being one, as documentation and tests
 * write them (`password123`, `TopSecret1`, `s00pers3cret`, `p%40ss`, `personal-access-token123`,
 * `password-for-30001`, `thistokenexpires`): read in lower case, percent-decoded and with look-alike
 * characters between letters read as letters, it holds a credential's word, and the rest is words
 * (wordLike runs of four letters or more, camel case split), at most one acronym and two short runs of
 * letters, and one run of at most six digits. Random characters around such a word break into short
 * runs, digit runs and rare letter pairs instead (`token_4f8a9b2c1d` stays; test/generic.test.ts counts
 * random values that pass).
 */
export function selfDescribing(value: string, g: GlobalData): boolean {
  if (value.length > 64) return false;
  let v = value;
  if (v.includes("%")) {
    try {
      v = decodeURIComponent(v);
    } catch {
      // not percent-encoding
    }
  }
  // In lower case, look-alikes read as letters, to find the word only (one for one: offsets stay v's).
  const lower = v.toLowerCase().replace(LEET_RUN, asLetters);
  const word = CREDENTIAL_WORD.exec(lower);
  if (!word) return false;
  const rest = `${v.slice(0, word.index)} ${v.slice(word.index + word[0].length)}`;
  let short = 0;
  let digitRuns = 0;
  let acronyms = 0;
  for (const piece of rest.match(PIECE) ?? []) {
    const c = piece.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (++digitRuns > 1 || piece.length > 6) return false;
    } else if (c >= 65 && c <= 90 && piece.length > 1 && !/[a-z]/.test(piece)) {
      if (++acronyms > 1) return false;
    } else if (/[a-z]/i.test(piece)) {
      if (piece.length < 4) {
        if (++short > 2) return false;
      } else if (!wordLike(piece.toLowerCase(), g.rareLetterPairs)) return false;
    }
  }
  return true;
}

/** A run of lower-case letters as words are: pronounceable, and no pair of letters words rarely hold. */
function wordLike(w: string, rare: ReadonlySet<string>): boolean {
  if (!pronounceable(w)) return false;
  for (let i = 0; i + 1 < w.length; i++) if (rare.has(w.slice(i, i + 2))) return false;
  return true;
}

/**
 * Whether a value was typed along the alphabet and the digits, as documentation's made-up tokens are
 * (`abcd1234efgh5678`, `AB1C2defGHijkLMNo3PqQRstUvwxyz`, `1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`): for
 * at least half of its characters, and eight or more, a letter or digit is followed by the next one
 * (in any case) right after it or one further. In a random string about one in 18 is.
 */
export function typedInOrder(value: string): boolean {
  if (value.length < 16) return false;
  const s = value.toLowerCase();
  let next = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    const a = s.charCodeAt(i);
    if (!((a >= 97 && a < 122) || (a >= 48 && a < 57))) continue;
    if (s.charCodeAt(i + 1) === a + 1 || s.charCodeAt(i + 2) === a + 1) next++;
  }
  return next >= 8 && next * 2 >= s.length - 1;
}

/** Heuristics for values under secret-named keys that are clearly not literals of a secret. */
export function notSecretValue(value: string, quoted: boolean): boolean {
  const v = value;
  if (/\s/.test(v)) return true; // prose, commands
  if (/^_{0,2}[A-Z][A-Z0-9_]{2,}$/.test(v)) return true; // an env var NAME, a constant's (`__SENTRY_KEY__`)
  if (/^__[a-z][a-z0-9_]*__$/.test(v)) return true; // a dunder name (`__decimal128__`)
  if (/^\)?\.[A-Za-z_$][\w$]*\($/.test(v)) return true; // a method call cut out of code (`).toString(`)
  if (/^urn:[a-z0-9][a-z0-9-]{0,31}:\S/i.test(v)) return true; // a URN (`urn:ietf:params:oauth:token-type:jwt`)
  // member access (`!!init?.withCredentials`, `+e.accessKeyId+` too), dotted property names
  // (`fs.s3.enableServerSideEncryption`: digits and capitals together only in segments that are words)
  if (
    /^(?:!!?|\+)?[a-z_$][\w$]*(?:\??\.[\w$]+)+(?:\(\)|\+)?$/i.test(v) &&
    (!/\d.*[A-Z]|[A-Z].*\d/.test(v) ||
      v
        .replace(/^[!+]+|(?:\(\)|\+)$/g, "")
        .split(/\??\./)
        .every(wordy))
  )
    return true;
  if (/[()]/.test(v) && !quoted) return true; // call expression
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)/.test(v)) return true; // a file path
  if (/^[\w@.-]+(?:\/[\w@.-]+)+\.[a-z]{1,5}$/i.test(v) || /^[a-z0-9@._-]+(?:\/[a-z0-9@._-]+)+$/.test(v))
    return true; // relative path
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return true; // a URL (credentials in URLs have their own rules)
  if (/^--[A-Za-z][\w-]*(?:=|$)/.test(v)) return true; // the next option of a command line (`--key --key-subject=`)
  if (/^-[a-z]+(?:[_-][a-z]+)*$/.test(v)) return true; // a single-dash option (`-no_debug`)
  if (/^arn:[\w-]+:[\w-]*:/.test(v)) return true; // an Amazon Resource Name
  if (ALGORITHM.test(v)) return true; // an algorithm's name (`scram-sha-256`, `ecdsa-sha2-nistp256`)
  if (/^(?:AES|DES|DESede|RSA|Blowfish|ChaCha20|ARCFOUR|RC[24])(?:\/[A-Za-z0-9]{2,20}){1,2}$/.test(v))
    return true; // a cipher transformation (`AES/GCM/NoPadding`)
  if (/^[a-z]{2,12}(?:\|[a-z]{2,12})+$/.test(v)) return true; // the values a setting takes (`true|false`)
  // an option's name and its `=` (`password=`, `scmVersion=`): lower case, or words (base64 is neither)
  if (
    /^[A-Za-z][\w-]{2,30}=$/.test(v) &&
    (/^[a-z_-]+=$/.test(v) || oneWord(v.slice(0, -1)) || wordsIn(v.slice(0, -1)) >= 2)
  )
    return true;
  if (/^(?:[A-Za-z_]\w{0,60}::)+~?[A-Za-z_]\w{0,60}$/.test(v)) return true; // a qualified name (`ns::Type::_S_key`)
  // A public key's DER (SubjectPublicKeyInfo: EC P-256 and P-384, Ed25519, RSA 2048 and 4096), base64
  if (
    /^(?:MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE|MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE|MCowBQYDK2VwAyEA|MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A|MIICIjANBgkqhkiG9w0BAQEFAAOCAg8A)/.test(
      v,
    )
  )
    return true;
  if (/^[\d.:-]+$/.test(v)) return true; // numbers, versions, dates, IPs
  if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?$/.test(v)) return true; // a timestamp
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(v)) return true; // a number in exponent notation (a float's JSON)
  // words, kebab or snake names (`a11y_no_abstract_role`, `_private`, `#ansibrightblue`, `_S_token_ord_char`),
  // camelCase identifiers (`_basenameOnly`)
  if (
    /^[_$#]{0,2}(?:[A-Z]_)?[a-z]+(?:\d{1,2}[a-z]+)?(?:[-_.][a-z]+(?:\d{1,2}[a-z]+)?)*$/.test(v) &&
    v.length < 40
  )
    return true;
  if (/^[_$]{0,2}[A-Za-z][a-z]+(?:[A-Z][a-z]+)*$/.test(v) && v.length < 40) return true;
  if (/\.(?:pem|key|crt|json|ya?ml|txt|env|p12|pfx|jks)$/i.test(v)) return true; // file names
  if (
    /^[\w@.-]+\.(?:zip|tar|gz|tgz|bz2|xz|7z|jar|war|whl|egg|exe|dll|so|dylib|bin|img|iso|deb|rpm|apk|ipa|dmg|png|jpe?g|gif|svg|webp|pdf|csv|xml|html?|md|log|sql|db|sqlite|c|h|cc|cpp|py|js|ts|go|rs|java|rb|php|sh|mp[34]|m4a|mov|avi|mkv|wav|flac|ogg|webm|ova|ovf|vmdk|vhdx?|qcow2)$/i.test(
      v,
    )
  )
    return true;
  if (/\(\?[:=!<]|\\[dswbDSWB]|[a-z]_\?[a-z]|\{\d+(?:,\d*)?\}|\[[^\]]{1,20}-[^\]]{1,20}\]/.test(v))
    return true; // a regex
  return false;
}

/**
 * A value's edges that identifiers carry (`__x__`, `?Token`, `_module.`, `#color`), and the joints inside
 * it (`-`, `_`, `.`, and `:` and `/` of tag keys and object paths: `lambda:createdBy`).
 */
const WORDS_EDGES = /^[?_$.@:#]*([A-Za-z0-9]+(?:[-_.:/#]{1,2}[A-Za-z0-9]+)*)[_.$:]*$/;
/**
 * One word: an acronym of up to five capitals (`HTTP` in `HTTPPassword`), a capitalized or lower-case
 * word, then at most two digits (`PKCS8`).
 */
const WORD = /(?:[A-Z]{1,5}(?![A-Za-z])|[A-Z]{1,5}(?=[A-Z][a-z])|[A-Z]?[a-z]+)(\d{1,2}(?!\d))?/y;
const VOWEL = /[aeiouy]/i;
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
 * 100,000 pass).
 */
export function wordsIn(v: string): number {
  if (v.length >= 64) return 0;
  const m = WORDS_EDGES.exec(v);
  if (!m) return 0;
  let words = 0;
  let letters = 0;
  let odd = 0;
  let digits = 0;
  let acronyms = 0;
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
      if (lower && n >= 4 && !pronounceable(word)) return 0;
      if ((n === 1 || (lower && n <= 3 && !VOWEL.test(word))) && ++odd > 1) return 0;
      if (n > 1 && !lower && ++acronyms > 1) return 0;
      words++;
      letters += n;
    }
  }
  return words >= 2 && letters >= 4 * words ? words : 0;
}

/** Letters as a word has them: a vowel in every five, and no five consonants in a row. */
function pronounceable(w: string): boolean {
  return (w.match(VOWELS)?.length ?? 0) * 5 >= w.length && !CONSONANTS.test(w);
}

/** One capitalized, pronounceable word (`Description`). */
function oneWord(v: string): boolean {
  return /^[A-Z][a-z]{3,30}$/.test(v) && pronounceable(v);
}

/** A segment of a dotted name that is a word or words: `s3`, `consistent`, `retryPeriodSeconds`. */
function wordy(seg: string): boolean {
  return /^[a-z]{1,4}\d{0,2}$|^[A-Z]?[a-z]{1,30}$/.test(seg) || wordsIn(seg) >= 2;
}

/** Names of hash, cipher, signature and key-derivation algorithms, with their parameters. */
const ALGORITHM =
  /^(?:scram|sha|sha[123]|aes|rsa|hmac|md5|3?des|chacha20|ecdsa|ed(?:25519|448)|x25519|blake2[bs]|argon2(?:id?|d)?|bcrypt|scrypt|pbkdf2)(?:-(?:[a-z]{1,10}\d{0,4}|\d{1,4}))*$/i;

/** Values under these keys are ciphertext meant to be committed (Sealed Secrets, sops metadata). */
const ENCRYPTED_PARENT = /^(?:encryptedData|encrypted_data|sops)$/;

const PASSWORD_KEY = /(?:^|_)(?:[a-z]{0,8}(?:password|passwd|passwrd|pwd|passphrase)|pass)(?:_|$)/;

export interface JudgeContext {
  readonly global: GlobalData;
  /** Provider token prefixes: a generic value with one of these failed that provider's own format. */
  readonly prefixes: readonly string[];
  /** The text the candidates were found in (what follows a URL's password is read from it). */
  readonly text?: string;
  /** Whether that text is documentation (classify: `docs`), whose made-up values name themselves. */
  readonly docs?: boolean;
}

/** How far before a secret the `://` of the URL it sits in is looked for. */
const URL_REACH = 2048;
/** A URL's authority, from past its `://`: user info, host and port, up to its path, query or fragment. */
const AUTHORITY = /[^\s/?#"'`<>]{0,600}/y;
/** A host's name, past the user info's `@`: what follows it (a port, a closing bracket or quote) is not. */
const HOST = /^[\w.-]*/;

/** Where a URL's path ends: its query, its fragment, or what cannot be in it. */
const PATH = /[^\s?#"'`<>]{0,600}/y;

/**
 * The URL a secret starting at `start` of `text` sits in (its password, a query parameter), or
 * undefined: the last `://` before it on its line, with no blank between. Its host follows the
 * authority's last `@` and precedes its port; its path runs from there to the query or fragment.
 */
export function urlAround(text: string, start: number): { host: string; path: string } | undefined {
  const from = Math.max(0, start - URL_REACH);
  const before = text.slice(from, start);
  const scheme = before.lastIndexOf("://");
  if (scheme < 0 || /\s/.test(before.slice(scheme))) return undefined;
  AUTHORITY.lastIndex = from + scheme + 3;
  const authority = AUTHORITY.exec(text)![0];
  const host = HOST.exec(authority.slice(authority.lastIndexOf("@") + 1))![0];
  PATH.lastIndex = AUTHORITY.lastIndex;
  const path = text.charCodeAt(PATH.lastIndex) === 47 ? PATH.exec(text)![0] : "";
  return { host, path };
}

/** The host of the URL a secret sits in (urlAround). */
export function urlHostAround(text: string, start: number): string | undefined {
  return urlAround(text, start)?.host;
}

/**
 * Why the URL candidate `c` sits in is no account's: its host is reserved for documentation, or it
 * draws a badge (a README's `badge.svg?token=…`: a read-only graphing token, published by design). A
 * base64 or percent-decoded candidate's offsets are those of the encoded value, not of the URL: it
 * never is. An escaped string's are exact.
 */
function publicUrl(c: Candidate, text: string | undefined, g: GlobalData): DropReason | null {
  if (text === undefined || (c.decoded !== undefined && c.decoded !== "json-escape")) return null;
  const url = urlAround(text, c.start);
  if (url === undefined) return null;
  if (g.documentationHosts.test(url.host)) return "documentation-host";
  return /badge/i.test(url.host) || /badge/i.test(url.path) ? "badge-url" : null;
}

/**
 * A URL's percent-encoded password or parameter as the server reads it (`%2F%40` is `/@`): too short,
 * or a placeholder, once decoded.
 */
function encodedInUrl(s: string, g: GlobalData, generic: boolean, docs?: boolean): DropReason | null {
  if (!/%[0-9A-Fa-f]{2}/.test(s)) return null;
  let v: string;
  try {
    v = decodeURIComponent(s);
  } catch {
    return null; // not percent-encoding
  }
  if (v.length < 3) return "too-short";
  return isPlaceholder(v, g, generic, docs) ? "placeholder" : null;
}

/** Returns why a candidate is not a secret, or null when it stands. */
export function judge(c: Candidate, rule: Rule, ctx: JudgeContext): DropReason | null {
  const g = ctx.global;
  const s = c.secret;
  if (g.exampleSecrets.has(s)) return "example-key";
  // A JWT signed with a key its documentation publishes, whichever rule found it (jwt-token, a bearer header)
  if (s.startsWith("eyJ") && signedWithKnownKey(s, g.demoSigningKeys)) return "example-key";
  if (isReference(s, g)) return "reference";
  if (isPlaceholder(s, g, rule.generic, ctx.docs)) return "placeholder";
  if (rule.validate && !runValidator(rule.validate, s)) return "checksum";
  if (rule.inUrl) {
    const why = publicUrl(c, ctx.text, g) ?? encodedInUrl(s, g, rule.generic, ctx.docs);
    if (why) return why;
  }
  if (c.keyPath?.some((seg) => typeof seg === "string" && ENCRYPTED_PARENT.test(seg))) return "encrypted";
  if (rule.generic && c.detail !== undefined) {
    const lower = s.toLowerCase();
    if (ctx.prefixes.some((p) => lower.startsWith(p))) return "provider-format";
    // A name right before `(` is a function's, called (`workloadIdentity.fromX509({`).
    if (ctx.text?.charCodeAt(c.end) === 40 && /^[A-Za-z_$][\w$]*(?:\.[\w$]+)*$/.test(s))
      return "not-secret-value";
    return judgeGenericKeyed(c, rule, g);
  }
  if (rule.entropy !== undefined && c.entropy < rule.entropy) return "low-entropy";
  return null;
}

function judgeGenericKeyed(c: Candidate, rule: Rule, g: GlobalData): DropReason | null {
  const key = normalizeKey(c.detail ?? "");
  if (!g.secretKey.test(key) || g.notSecretKey.test(key)) return "not-secret-key";
  if (c.detail?.includes("::")) return "not-secret-key"; // a type's path (`AWS::KMS::Key`), not a variable
  const s = c.secret;
  if (s.toLowerCase() === key || normalizeKey(s) === key) return "placeholder";
  // The name again behind a word that says "fill in" (`"keyString": "my_keyString"`).
  if (
    /^(?:my|your|some|the|sample|example|test|fake|dummy)_/.test(normalizeKey(s)) &&
    normalizeKey(s).endsWith(`_${key}`)
  )
    return "placeholder";
  if (notSecretValue(s, true)) return "not-secret-value";
  const isPassword = PASSWORD_KEY.test(key);
  // Passwords are often two or three words (`Blue-Monkey42-Summer`); identifiers, header and map key
  // names are only words, and often more.
  if (wordsIn(s) >= (isPassword ? 4 : 2)) return "not-secret-value";
  const minLen = isPassword ? 8 : 12;
  if (s.length < minLen) return "too-short";
  const classes = charClasses(s);
  const minEntropy = rule.entropy ?? 3;
  if (isPassword) {
    if (classes < 2 || c.entropy < Math.min(minEntropy, 2.5)) return "low-entropy";
    return null;
  }
  if (c.entropy < minEntropy || classes < 2) return "low-entropy";
  return null;
}
