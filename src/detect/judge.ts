/**
 * judge(): pure, named predicates that drop candidates which are not secrets. Each drop is counted by
 * reason so `--debug` can show why something was not reported.
 */
import type { GlobalData, Rule } from "../rules/types.js";
import type { Candidate } from "../types.js";
import { base64Text, urlDecoded } from "./decode.js";
import { inDocumentation } from "./doc-blocks.js";
import { charClasses } from "./entropy.js";
import { normalizeKey, secretNamedKey } from "./key-name.js";
import { runValidator, signedWithKnownKey } from "./validate.js";
import {
  basicPassword,
  ecPublicPoint,
  headerName,
  notSecretValue,
  selfDescribing,
  typedInOrder,
} from "./values.js";
import { isPublishedTestKey } from "./wallet-keys.js";
import { identifierWords, namesAdded, wordsIn } from "./words.js";

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
  // Documentation's passwords are shorter (`A1b2c3d4`); from 16 characters on, both bounds agree.
  if (typedInOrder(value, docs ? 8 : 16)) return true;
  // Documentation names what goes there (`password123`); elsewhere that is a weak live credential.
  if (docs && selfDescribing(value, g)) return true;
  const lower = value.toLowerCase();
  if (generic) return g.placeholderWords.some((w) => lower.includes(w));
  // Provider formats: only unmistakable markers (a random body never spells them).
  return /x{6,}|\*{4,}|\.{3}|…|example|placeholder|your[-_]|<|>|\{\{|\$\{/i.test(value);
}

/** Three words or more, letters and punctuation only. */
const PROSE = /^[A-Za-z][A-Za-z,.'!-]*(?: [A-Za-z][A-Za-z,.'!-]*){2,}$/;

/** OpenSSL's `enc` output in base64: `Salted__` and the salt, then the ciphertext. */
const OPENSSL_SALTED = "U2FsdGVkX1";

/** A message's argument: `$1` (MediaWiki), `{0}` (ICU, Java), `%1$s` and `%d` (printf). */
const MESSAGE_ARG = /\$\d{1,2}|\{\d{1,2}\}|%(?:\d{1,2}\$)?[sd]/g;
/** Kana, CJK ideographs and Hangul: a language's text. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** Values under these keys are ciphertext meant to be committed (Sealed Secrets, sops metadata). */
const ENCRYPTED_PARENT = /^(?:encryptedData|encrypted_data|sops)$/;

/** A camelCase or PascalCase name in code (CAMEL_HUMP: a capital after a lower-case letter or a digit). */
const CAMEL_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const CAMEL_HUMP = /[a-z0-9][A-Z]/;
/**
 * A value that is itself an assignment, a name of letters and `=` with something after it (`Server=tcp:…`,
 * `DefaultEndpointsProtocol=https`): a connection string's first field, cut at its `;` where free text
 * is read. Its credential fields are the connection-string rules'; base64's `=` is padding at the end.
 */
const NESTED_ASSIGNMENT = /^[A-Za-z][A-Za-z ]{2,40}=(?!=|$)/;

export interface JudgeContext {
  readonly global: GlobalData;
  /** Provider token prefixes: a generic value with one of these failed that provider's own format. */
  readonly prefixes: readonly string[];
  /** The text the candidates were found in (what follows a URL's password is read from it). */
  readonly text?: string;
  /** Whether that text is documentation (classify: `docs`), whose made-up values name themselves. */
  readonly docs?: boolean;
  /** Whether that text is a translation catalogue (classify: isTranslations), whose values are words. */
  readonly translations?: boolean;
  /** Whether that text is Python's, where an Ansible module's documentation blocks are looked for. */
  readonly python?: boolean;
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
 * or a placeholder, once decoded; in documentation, shorter than a generated one (pip's guide shows
 * how to encode `he//o`).
 */
function encodedInUrl(s: string, g: GlobalData, generic: boolean, docs?: boolean): DropReason | null {
  const v = urlDecoded(s);
  if (v === undefined) return null;
  if (v.length < 3) return "too-short";
  if (docs && v.length < DOCS_URL_PASSWORD_MIN) return "placeholder";
  return isPlaceholder(v, g, generic, docs) ? "placeholder" : null;
}

/** Documentation's URL passwords shorter than this, once decoded, are examples. */
const DOCS_URL_PASSWORD_MIN = 8;

/**
 * A serializer's attribute map entry's next field, past the value's closing quote: its wire type
 * (`, "type": "int"`, `"[SubResource]"`, `"{str}"`, a model's class name).
 */
const ATTRIBUTE_TYPE =
  /["'],\s{0,40}["']type["']\s{0,4}:\s{0,4}["'](?:str|int|long|float|bool|duration|date|iso-8601|rfc-1123|unix-time|object|bytearray|base64|decimal|\[[^\]"']{1,100}\]|\{[^}"']{1,100}\}|(?=[A-Z0-9]{0,100}[a-z])[A-Z][A-Za-z0-9]{1,100})["']/y;

/**
 * A transpiled class's property descriptor's next field, past its name's closing quote: the method,
 * getter or setter the name is for (`{key:"getNumNGrams",value:function(e,t){…}}`, as Babel and
 * TypeScript write classes for old runtimes).
 */
const DESCRIPTOR_BODY = /["']\s{0,4},\s{0,40}(?:value|get|set)\s{0,4}:\s{0,4}(?:async\s{1,4})?function\b/y;

/**
 * Whether a name ending at `end` of `text` is code's: a function's, called (`workloadIdentity.fromX509({`),
 * a field's wire name in a serializer's attribute map (`{"key": "osDiskSizeInMB", "type": "int"}`), or
 * a transpiled class's method name (DESCRIPTOR_BODY).
 */
function nameInCode(text: string, end: number, s: string): boolean {
  if (!/^[A-Za-z_$][\w$-]*(?:\.[\w$-]+)*$/.test(s)) return false;
  if (text.charCodeAt(end) === 40) return !s.includes("-");
  ATTRIBUTE_TYPE.lastIndex = end;
  if (ATTRIBUTE_TYPE.test(text)) return true;
  DESCRIPTOR_BODY.lastIndex = end;
  return DESCRIPTOR_BODY.test(text);
}

/** Go's test output before a test's name (`--- PASS: TestVet/5 (0.07s)`), which a `PASS` key would take. */
const TEST_PASSED = /--- PASS: $/;

/** Whether the value at `start` of `text` is a test's name after Go's `--- PASS: `. */
function testPassed(text: string, start: number): boolean {
  return TEST_PASSED.test(text.slice(Math.max(0, start - 10), start));
}

/**
 * An OpenPGP key named by its fingerprint or id (`Release GPG key: 3ABC…127E`, `gpg --recv-keys …`):
 * hex, after the words that say so on its line. Public by design.
 */
const HEX_ID = /^(?:0x)?[0-9A-Fa-f]{16,40}$/;
const OPENPGP_BEFORE = /\b(?:gpg|pgp|openpgp|gnupg)\b[^\n]{0,24}$/i;

/** Bytes in hex, 16 digits or more. */
const HEX = /^(?:0x)?[0-9A-Fa-f]{16,}$/;
/**
 * An answer of a known-answer test beside a key, in hex: a ciphertext, a tag, a MAC or a signature; an
 * output, an expected value or a digest of 16 digits or more (a setting's `OUTPUT = 0755` is none).
 */
const VECTOR_ANSWER =
  /^[ \t]*(?:(?:let|const|var)\s+)?["']?(?:(?:ct|tag|ciphertext|mac|sig|signature)["']?\s{0,4}[:=]\s{0,4}["']?[0-9A-Fa-f]{4}|(?:output|expected|digest)["']?\s{0,4}[:=]\s{0,4}["']?[0-9A-Fa-f]{16})/im;
/** How many lines around a hex key its test vector's other lines are looked for, and how much of each. */
const VECTOR_LINES = 8;
const VECTOR_HEAD = 120;

/**
 * Whether the hex value at [start, end) is a test vector's key: a known-answer test (ring's and
 * BoringSSL's `KEY = …` then `CT = …` and `TAG = …`, NIST's `Key`/`Ciphertext`, a test's `let ct = "…"`)
 * gives its expected output beside it, in hex. A configuration's key has no ciphertext beside it. The
 * lines around are read from their starts only (a vector's input may be kilobytes of hex).
 */
function testVector(text: string, start: number, end: number): boolean {
  let heads = "";
  let at = text.lastIndexOf("\n", start);
  for (let n = 0; n < VECTOR_LINES && at > 0; n++) {
    const from = text.lastIndexOf("\n", at - 1) + 1;
    heads += `${text.slice(from, Math.min(at, from + VECTOR_HEAD))}\n`;
    at = from - 1;
  }
  // The key's own line aside: its name may be one of the answers' (`"tag": "…"` is not a key's sibling).
  at = text.indexOf("\n", end);
  for (let n = 0; n < VECTOR_LINES && at !== -1; n++) {
    const next = text.indexOf("\n", at + 1);
    const to = next === -1 ? text.length : next;
    heads += `${text.slice(at + 1, Math.min(to, at + 1 + VECTOR_HEAD))}\n`;
    at = next;
  }
  return VECTOR_ANSWER.test(heads);
}

/** What ends right before a Basic scheme's credentials. */
const BASIC_SCHEME = /\bbasic\s{1,4}$/i;

/** Returns why a candidate is not a secret, or null when it stands. */
export function judge(c: Candidate, rule: Rule, ctx: JudgeContext): DropReason | null {
  const g = ctx.global;
  const s = c.secret;
  if (g.exampleSecrets.has(s) || isPublishedTestKey(s, g)) return "example-key";
  // A recovery phrase is words by design: its checksum alone tells it from prose and placeholders.
  if (rule.validate === "bip39") return runValidator("bip39", s, g) ? null : "checksum";
  // A JWT signed with a key its documentation publishes, whichever rule found it (jwt-token, a bearer header)
  if (s.startsWith("eyJ") && signedWithKnownKey(s, g.demoSigningKeys)) return "example-key";
  if (isReference(s, g)) return "reference";
  const docs = ctx.docs || (ctx.text !== undefined && inDocumentation(ctx.text, c.start, ctx.python));
  if (isPlaceholder(s, g, rule.generic, docs)) return "placeholder";
  if (rule.validate && !runValidator(rule.validate, s, g)) return "checksum";
  // Documentation's Basic pair after `Basic `, whichever rule found it (generic-basic-auth, or
  // generic-secret under `"authorization": "basic …"`); a client's id with no password
  // (`openshift-challenging-client:`) is no secret.
  const before = ctx.text?.slice(Math.max(0, c.start - 12), c.start);
  if (before && BASIC_SCHEME.test(before)) {
    const password = basicPassword(s);
    if (password === "") return "not-secret-value";
    if (password !== undefined && typedInOrder(password)) return "placeholder";
  }
  if (rule.inUrl) {
    const why = publicUrl(c, ctx.text, g) ?? encodedInUrl(s, g, rule.generic, docs);
    if (why) return why;
  }
  if (c.keyPath?.some((seg) => typeof seg === "string" && ENCRYPTED_PARENT.test(seg))) return "encrypted";
  if (s.startsWith(OPENSSL_SALTED)) return "encrypted";
  if (rule.generic && c.detail !== undefined) {
    const text = ctx.text;
    if (
      text !== undefined &&
      HEX_ID.test(s) &&
      OPENPGP_BEFORE.test(text.slice(Math.max(0, c.start - 48), c.start))
    )
      return "not-secret-value";
    const lower = s.toLowerCase();
    if (ctx.prefixes.some((p) => lower.startsWith(p))) return "provider-format";
    if (text !== undefined && HEX.test(s) && testVector(text, c.start, c.end)) return "not-secret-value";
    if (text !== undefined && (nameInCode(text, c.end, s) || testPassed(text, c.start)))
      return "not-secret-value";
    return judgeGenericKeyed(c, rule, g, ctx.translations);
  }
  if (rule.entropy !== undefined && c.entropy < rule.entropy) return "low-entropy";
  return null;
}

function judgeGenericKeyed(
  c: Candidate,
  rule: Rule,
  g: GlobalData,
  translations?: boolean,
): DropReason | null {
  const key = normalizeKey(c.detail ?? "");
  if (!secretNamedKey(key, g)) return "not-secret-key";
  // A translation's words (`Contraseña:`, `Lösenord`, `验证密码…`, `…$1 hours`): a catalogue holds no
  // credential, and one with digits (a message's `$1`, `{0}` or `%2$s` aside) is judged as anywhere else.
  if (translations && (!/\d/.test(c.secret.replace(MESSAGE_ARG, "")) || CJK.test(c.secret)))
    return "not-secret-value";
  if (c.detail?.includes("::")) return "not-secret-key"; // a type's path (`AWS::KMS::Key`), not a variable
  const s = c.secret;
  const asKey = normalizeKey(s);
  // The name itself, or numbered (`"password", "password2"`: an enumeration's values; a secret's or a
  // token's name with a longer number, `client-secret-123`, where `password123` may be a weak password).
  // The name's last words in any case too (`rEfrEshtOkEn` under `mock.refresh_token`). A numbered name
  // is its word too (`"Password1", "Password22"`: a documentation's list of disallowed passwords).
  const lower = s.toLowerCase();
  const isPassword = g.passwordKey.test(key);
  const unnumbered = asKey.replace(isPassword ? /_?\d{1,2}$/ : /_?\d{1,4}$/, "");
  if (
    lower === key ||
    (lower.length >= 8 && key.replaceAll("_", "").endsWith(lower)) ||
    asKey === key ||
    unnumbered === key ||
    unnumbered === key.replace(/_?\d{1,6}$/, "")
  )
    return "placeholder";
  // The name again behind a word that says "fill in" (`"keyString": "my_keyString"`).
  if (/^(?:my|your|some|the|sample|example|test|fake|dummy)_/.test(asKey) && asKey.endsWith(`_${key}`))
    return "placeholder";
  // Two or more of the name's own words (`foreman_convert2rhel_key_centos7: "convert2rhel_centos7"`): the
  // value names its entry. A random value's pieces are not the name's words.
  if (keyWords(asKey, key)) return "placeholder";
  if (notSecretValue(s, true) || ecPublicPoint(s)) return "not-secret-value";
  if (!isPassword && NESTED_ASSIGNMENT.test(s)) return "not-secret-value";
  // A camelCase identifier whose last words are the name, maybe numbered (`'groupKey',
  // 'v8ICStatsGroupKey'`, `key = 'NewLabelKey2'`): a random value almost never ends in a name as a
  // word of its own. A password may (`AdminPassword1`, a weak one); a value that names its credential
  // in other shapes is judged as one (`personal-access-token123`: selfDescribing).
  if (
    !isPassword &&
    key.length >= 3 &&
    CAMEL_IDENTIFIER.test(s) &&
    CAMEL_HUMP.test(s) &&
    asKey.replace(/_?\d{1,4}$/, "").endsWith(`_${key}`)
  )
    return "not-secret-value";
  // Names added up in code (`key=kernelThreadName+pid+tid`): each part a word or words. A passphrase
  // may be words joined by `+`.
  if (!isPassword && namesAdded(s)) return "not-secret-value";
  // Base64 of a sentence (`dGhpcyBpcyBub3QgYSByZWFsIHZhbHVl`: "this is not a real value"), where a
  // secret's bytes are random.
  if (s.length >= 16 && PROSE.test(base64Text(s) ?? "")) return "placeholder";
  // Passwords are often two or three words (`Blue-Monkey42-Summer`); identifiers, header and map key
  // names are only words, and often more: short ones too (`GetKeyGroup`), when each reads as a word.
  // An operation's name may end in its API version's date (`GetKeyGroup2020_05_31`).
  const name = isPassword ? s : s.replace(/(?<=[A-Za-z])\d{4}_\d\d_\d\d$/, "");
  if (wordsIn(name, isPassword ? undefined : g.rareLetterPairs) >= (isPassword ? 4 : 2))
    return "not-secret-value";
  // A Go struct's `Key: "vFlashCacheIops"`, `Key: "numActiveVMDKs"`: a name, prefix and acronym aside.
  if (!isPassword && identifierWords(name, g.rareLetterPairs) >= 2) return "not-secret-value";
  if (!isPassword && headerName(s)) return "not-secret-value";
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

/**
 * Whether value `asKey` (normalized) is two or more words, each one of the words of the normalized
 * name `key`.
 */
function keyWords(asKey: string, key: string): boolean {
  const words = asKey.split("_");
  if (words.length < 2) return false;
  const own = key.split("_");
  return words.every((w) => w !== "" && own.includes(w));
}
