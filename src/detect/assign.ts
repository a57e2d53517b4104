/**
 * Key/value extraction: which value sits under which name. From structured files it comes from the
 * annotator's spans (assign-spans.ts); from any other text, from assignment-shaped lines around keyword hits.
 */
import type { SpanList } from "../types.js";
import { eachCommand } from "./assign-command.js";
import { mayHoldCodeValue } from "./code-value.js";
import { each, eachNearSites } from "./each-match.js";
import { eachQuoted } from "./quoted.js";
import { eachSchemeHeader, isSpace } from "./scheme-header.js";

export interface KeyValue {
  /** The name as written (variable, key, flag or header). */
  readonly key: string;
  readonly value: string;
  /** Offsets of the value in the fragment text. */
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
  /**
   * A structured value's spans and its index there (its key path is read only for a match: a span
   * table makes each path it is asked for); undefined and -1 for a pair found in text.
   */
  readonly spans: SpanList | undefined;
  readonly span: number;
}

/**
 * Which key names to keep pairs under (the caller's keyed rules can pass them); a pair under any other
 * name is never built. Absent: every pair is kept.
 */
export interface KeyFilter {
  (key: string): boolean;
  /**
   * False only for a name, written at text[start, end), that the filter turns down: asked before the
   * name is cut from the text (a dump's row names are all distinct, and each was cut only to be turned
   * down). Absent: every name is asked whole.
   */
  readonly mayTakeIn?: (text: string, start: number, end: number) => boolean;
}

export { eachQuoted, QUOTED } from "./quoted.js";

/**
 * A call's two string arguments or a pair's two items (`("api_key", "…")`). Never before a colon, 64
 * blanks at most after it: that is a JSON value and the next key (`"name":"clientToken","value":…`),
 * which a data dump has in every row; pushCallArgs asks again past the window's end.
 */
export const CALL_ARGS =
  /["']([A-Za-z][\w-]{1,100})["']\s{0,4},\s{0,4}(["'])([^"'\n]{1,1000})\2(?!\s{0,64}:)/g;
/**
 * What every CALL_ARGS match holds from the name's closing quote on: the comma, the value in its quotes,
 * and no colon after it. A data dump has a comma between two quoted strings in every row
 * (`"clientToken","value":…`), and a colon always follows the second: no site there. CALL_ARGS, tried at
 * every quote, read a name before it failed; this fails at most quotes on their second character.
 */
const CALL_ARGS_SITE = /["']\s{0,4},\s{0,4}(["'])[^"'\n]{1,1000}\1(?!\s{0,64}:)/g;
/** A quote, blanks, a comma, blanks, the value in its quotes. */
const CALL_ARGS_SITE_MAX = 1 + 4 + 1 + 4 + 1 + 1000 + 1;
/** The name's opening quote and the name: the site starts at most this far past the match's start. */
const CALL_ARGS_REACH = 1 + 101;
/** The CALL_ARGS matches of `s`, in order, as a global scan finds them (eachNearSites). */
export function eachCallArgs(s: string, fn: (m: RegExpExecArray) => void): void {
  eachNearSites(CALL_ARGS, CALL_ARGS_SITE, CALL_ARGS_SITE_MAX, CALL_ARGS_REACH, s, fn);
}
// key=value / key: value / ENV key value, unquoted (config, shell, dotenv, Dockerfile, markdown), or
// "key <long token>" in prose: a space alone separates only a value of 20+ token characters, and never
// after a path's last segment (`github.com/coreos/go-oidc/key <commit>`). No assignment: `::`, a path's
// separator (`key::ecdsa`, `AWS::KMS::Key: x`), and `==` or `===`, a comparison (`k.key==d.key&&…` in a
// minified script).
export const UNQUOTED =
  /(?<![\w$-]|::)(?:export\s+|set\s+)?([A-Za-z_][\w.-]{0,100})(?:\s{0,8}(?:=(?!=)|:(?!:))\s{0,8}|\s{1,4}(?<!\/[\w.-]{1,101}\s{1,4})(?=[A-Za-z0-9+/_-]{20,}(?:[\s.,;)]|$)))(?!["'`])([^\s"'`#;,<>(){}[\]]{4,1000})/g;
/**
 * Where an UNQUOTED name ends: its last character, then a blank, `=` or `:`. Every UNQUOTED match holds
 * one, its name starting at most UNQUOTED_REACH characters before it (or an `export`/`set` before that,
 * which changes neither the match's groups nor its end: see eachUnquoted).
 */
const UNQUOTED_SITE = /[\w.-][\s=:]/g;
const UNQUOTED_SITE_MAX = 2; // its only length
/** The name's first character (101 at most) to its last. */
const UNQUOTED_REACH = 100;
// Dockerfile `ENV KEY value` / `ARG KEY=value` (the only place a bare space separates name and value)
const DOCKER_ENV =
  /(?<![\w$-])(?:ENV|ARG)\s+([A-Za-z_][\w.-]{0,100})(?:\s{0,8}=\s{0,8}|\s+)(?!["'`])([^\s"'`#;,<>(){}[\]]{4,1000})/g;
// --flag value / --flag=value (command lines in any file)
const FLAGS = /(?<![\w-])--?([A-Za-z][\w-]{1,60})(?:=|\s{1,4})["']?([^\s"'`]{4,1000})/g;
/**
 * A declaration with its type between name and value (`apiKey: string | undefined = "…"` in TypeScript,
 * `SECRET: &'static str = "…"` in Rust, `api_key: Optional[str] = "…"` in Python, `val key: String = "…"` in
 * Kotlin and Swift), and Go's `var apiKey string = "…"`; groups as QUOTED's (name, quote, value). Each
 * search starts near where such a value opens: `=` right after the type (TYPED_SITE).
 */
export const TYPED =
  /(?:(?<![\w$])([A-Za-z_$][\w$]{0,100})\??\s{0,4}:\s{0,4}&?(?:'static\s{1,4})?|\bvar\s{1,4}([A-Za-z_]\w{0,100})\s{1,4}\*?)[A-Za-z_][\w.]{0,40}(?:<[\w<>, .]{0,60}>|\[[\w[\], .]{0,60}\])?(?:\[\])?\??(?:\s{0,2}\|\s{0,2}[A-Za-z_][\w.]{0,40}){0,3}\s{0,4}=(?!=)\s{0,4}(["'`])((?:(?!\3)[^\\\n]|\\.){1,1000})\3/g;
const TYPED_SITE = /[\w>\]?]\s{0,4}=\s{0,4}["'`]/g;
const TYPED_SITE_MAX = 1 + 4 + 1 + 4 + 1;
/**
 * The name (101), `?`, blanks and `:` (9), `&'static ` (12), the type and its parameters (41 + 62 + 3),
 * up to three more in a union (`string | undefined`: 3 × 45).
 */
const TYPED_REACH = 101 + 1 + 9 + 12 + 41 + 62 + 3 + 3 * 45;
/** The TYPED matches of `s`, in order, as a global scan finds them (eachNearSites). */
export function eachTyped(s: string, fn: (m: RegExpExecArray) => void): void {
  eachNearSites(TYPED, TYPED_SITE, TYPED_SITE_MAX, TYPED_REACH, s, fn);
}

/**
 * A Terraform variable's default (`variable "db_password" {` … `default = "…"`), over the lines of its
 * block: read from the whole text, at a `variable` in the window (where the name's keyword is).
 */
const TF_VARIABLE =
  /variable[ \t]{1,4}"([\w-]{1,100})"[ \t]{0,4}\{(?:[^{}"]|"[^"\n]{0,200}"|\{[^{}]{0,200}\}){0,600}?\bdefault[ \t]{0,4}=[ \t]{0,4}"([^"\\\n]{1,1000})"/y;
/** A C or C++ macro defined as a string (`#define API_KEY "…"`); groups as QUOTED's. */
const DEFINE =
  /#[ \t]{0,4}define[ \t]{1,4}([A-Za-z_]\w{0,100})[ \t]{1,8}[LuU]?(["'])((?:(?!\2)[^\\\n]|\\.){1,1000})\2/g;
/**
 * An XML element holding text (`<password>…</password>`, attributes allowed on its opening tag); not a
 * property list's `<key>`, whose text is a name. Groups: the element's name, its attributes, its text.
 */
const XML_ELEMENT = /<(?!key>)([A-Za-z_][\w.:-]{0,100})(\s[^<>\n]{0,200})?>([^<>\n]{1,1000})<\/\1>/g;
/** A property list's entry, over lines: `<key>ApiKey</key>`, then its `<string>` (read as TF_VARIABLE is). */
const PLIST_ENTRY = /<key>([^<>\n]{1,100})<\/key>\s{0,40}<string>([^<>\n]{1,1000})<\/string>/y;
/** The attribute that names an element's text (Android's `<string name="…">`, `<entry key="…">`). */
const NAME_ATTRIBUTE = /\b(?:name|key)\s{0,4}=\s{0,4}["']([^"'\n]{1,100})["']/;
/** Android's `buildConfigField("String", "API_SECRET", "\"…\"")`: the value's quotes are escaped. */
const BUILD_CONFIG =
  /buildConfigField\s{0,4}\(?\s{0,4}["']String["']\s{0,4},\s{0,4}["'](\w{1,100})["']\s{0,4},\s{0,4}(["'])\\"([^"\\\n]{1,1000})\\"\2/g;
/**
 * A name and its value as two attributes, as .NET writes them (`<add key="StripeSecretKey" value="…"/>`):
 * looked for only where `value=` is (a JSON dump's every row has a `"value":`).
 */
const KEY_VALUE_ATTRS = /\b(?:key|name)=(["'])([^"'\n]{1,100})\1\s{1,10}value=(["'])([^"'\n]{1,1000})\3/g;
export interface LineScanOptions {
  /** Code files: unquoted right-hand sides are expressions, not literals. */
  readonly code: boolean;
  /**
   * Code files: where their unquoted assignments go, when the caller reads them (detect.ts gives them
   * only to provider rules, whose values have a shape of their own: an expression never has an AWS
   * secret's 40 characters). A credential pasted into a comment or a docstring is written so
   * (`# aws_secret_access_key = …`). Only values holding a digit and a letter are kept.
   */
  readonly expressions?: KeyValue[];
  readonly wanted?: KeyFilter;
  /** Whether the window holds a SCHEME_SITE, when the caller knows (schemeSiteIn). */
  readonly schemeSite?: boolean;
}

/**
 * The UNQUOTED matches of `s` (eachNearSites), each search started near where a name ends before a
 * blank, `=` or `:`: minified JSON and bundles have almost none, and the regex tries its name at every
 * letter. A search started inside a leading `export ` or `set ` finds the match at its name instead,
 * with the same name, value and end (inside the word the lookbehind fails; no name starts in blanks).
 */
export function eachUnquoted(s: string, fn: (m: RegExpExecArray) => void): void {
  eachNearSites(UNQUOTED, UNQUOTED_SITE, UNQUOTED_SITE_MAX, UNQUOTED_REACH, s, fn);
}

/**
 * pairsFromText's output, offset and name filter, for its match callbacks: those are made once, not for
 * every window (a scan makes 100,000s of windows, and their closures were a fifth of what the main
 * thread allocated on the synthetic tree). It never runs inside itself.
 */
const NO_PAIRS: KeyValue[] = [];
let into = NO_PAIRS;
let offset = 0;
let only: KeyFilter | undefined;
/** The whole text the window was cut from (what comes before and after a match may lie outside it). */
let source = "";

/** An environment variable's name set through its object (`process.env.SECRET_KEY = …`): the name. */
const ENV_OBJECT = /^(?:process\.env|import\.meta\.env)\./;

/** The name a pair is kept under: `process.env.X` and `import.meta.env.X` are X. */
function keyOf(name: string): string {
  return name.charCodeAt(0) === 112 || name.charCodeAt(0) === 105 ? name.replace(ENV_OBJECT, "") : name;
}

function pushPair(name: string, value: string, valueAt: number, quoted: boolean): void {
  const key = keyOf(name);
  if (only && !only(key)) return;
  const start = offset + valueAt;
  // Its spans too, as the structured pairs have them: one shape for every KeyValue.
  into.push({ key, value, start, end: start + value.length, quoted, spans: undefined, span: -1 });
}
/**
 * A quoted assignment as eachQuoted gives it (offsets in the window): its value is cut from the text
 * only when its name is wanted (a data dump's every row holds two that are not).
 */
function pushAssigned(nameFrom: number, nameTo: number, valueFrom: number, valueTo: number): void {
  // Nor is its name when the filter turns it down as written (`"name"`, `"value"`, `"id"`…). The name
  // kept may be shorter (keyOf drops `process.env.`), and no name the test turns down holds a shorter
  // one it takes: the test looks for words the name holds.
  const taken = only?.mayTakeIn;
  if (taken !== undefined && !taken(source, offset + nameFrom, offset + nameTo)) return;
  const key = keyOf(source.slice(offset + nameFrom, offset + nameTo));
  if (only && !only(key)) return;
  const start = offset + valueFrom;
  const end = offset + valueTo;
  into.push({ key, value: source.slice(start, end), start, end, quoted: true, spans: undefined, span: -1 });
}
/** Pushes `value` under `key` where it ends: `close` characters (its quote, its end tag…) before `m` ends. */
function pushBefore(m: RegExpExecArray, key: string, value: string, close: number, quoted = true): void {
  pushPair(key, value, m.index + m[0].length - close - value.length, quoted);
}
const pushQuoted = (m: RegExpExecArray) => pushBefore(m, m[1]!, m[3]!, 1);
const pushTyped = (m: RegExpExecArray) => pushBefore(m, (m[1] ?? m[2])!, m[4]!, 1);
/** An element's text under the name its `name` or `key` attribute gives, else under its own. */
const pushElement = (m: RegExpExecArray) =>
  pushBefore(m, (m[2] && NAME_ATTRIBUTE.exec(m[2])?.[1]) || m[1]!, m[3]!, 3 + m[1]!.length);
const pushBuildConfig = (m: RegExpExecArray) => pushBefore(m, m[1]!, m[3]!, 3);
/**
 * The matches of the sticky `re` (two groups: name, value, the value last before one closing
 * character) at each `word` of `window` (which starts at `from` of the whole text): each is tried there
 * alone, so a window's search never runs on through the rest of the text, though a match may end
 * lines below the window (a Terraform variable's block, a property list's entry).
 */
function eachAt(re: RegExp, word: string, close: number, window: string, from: number): void {
  for (let k = window.indexOf(word); k !== -1; k = window.indexOf(word, k + word.length)) {
    if (k > 0 && /\w/.test(window[k - 1]!)) continue;
    re.lastIndex = from + k;
    const m = re.exec(source);
    if (m) pushPair(m[1]!, m[2]!, m.index + m[0].length - close - m[2]!.length - from, true);
  }
}
const pushAttributes = (m: RegExpExecArray) => pushBefore(m, m[2]!, m[4]!, 1);
/** Where the blanks (line breaks too, 64 at most) that start at `i` end, going by `step` (1 or -1). */
function pastBlanks(s: string, i: number, step: number): number {
  for (let n = 0; n < 64 && i >= 0 && i < s.length && isSpace(s.charCodeAt(i)); n++) i += step;
  return i;
}

/**
 * Where the `[`, `{` or `(` is that the character at `i` (past blanks, before a string) is or follows
 * after commas and strings; -1 when anything else comes first (a name, a number), LONG_LIST after 64
 * strings or at the text's start (a list, whatever opens it). A call's `(` is returned too: callers
 * tell it by what precedes it.
 */
function listOpening(s: string, i: number): number {
  for (let items = 0; items < 64 && i >= 0; items++) {
    const c = s.charCodeAt(i);
    if (c === 91 || c === 123 || c === 40) return i;
    if (c !== 44) return -1;
    i = pastBlanks(s, i - 1, -1);
    const q = s.charCodeAt(i);
    if (q !== 34 && q !== 39) return -1;
    const open = s.lastIndexOf(q === 34 ? '"' : "'", i - 1);
    if (open < 0) return -1;
    i = pastBlanks(s, open - 1, -1);
  }
  return LONG_LIST;
}
const LONG_LIST = -2;

/** Whether `open` (listOpening's answer) is a `[…]` or `{…}` of strings only. */
function stringList(s: string, open: number): boolean {
  return open === LONG_LIST || (open >= 0 && s.charCodeAt(open) !== 40);
}

/** What precedes a module's list of exported names (Python's `__all__ = (…)`): names, never pairs. */
const EXPORTED_NAMES = /__all__\s{0,4}\+?=\s{0,4}$/;

/** Whether `open` (listOpening's answer) opens the strings of `__all__`. */
function exportedNames(s: string, open: number): boolean {
  return (
    open >= 0 && s.charCodeAt(open) !== 123 && EXPORTED_NAMES.test(s.slice(Math.max(0, open - 20), open))
  );
}

/**
 * A CALL_ARGS match that is a call's arguments or a pair's two items, not two neighbours in a list of
 * strings (`{'ASAccountStore', 'ASWebAuthenticationSession', …}`, `__all__ = [...]`: a name after a
 * comma, or a value before another string, inside `[…]` or `{…}`) nor a JSON value and the next key
 * (`"name":"clientToken","value":…`: a value before a colon).
 */
function pushCallArgs(m: RegExpExecArray): void {
  const s = source;
  const after = pastBlanks(s, offset + m.index + m[0].length, 1);
  const c = s.charCodeAt(after);
  if (c === 58) return;
  const before = pastBlanks(s, offset + m.index - 1, -1);
  const next = c === 44 ? s.charCodeAt(pastBlanks(s, after + 1, 1)) : -1;
  const more = next === 34 || next === 39;
  // The strings before this match, walked back once for both questions.
  const open = listOpening(s, before);
  if ((more || s.charCodeAt(before) === 44) && stringList(s, open)) return;
  if (exportedNames(s, open)) return;
  pushQuoted(m);
}
const pushBare = (m: RegExpExecArray) => pushBefore(m, m[1]!, m[2]!, 0, false);
/**
 * An UNQUOTED match; in a shell's `${NAME:-default}` (or `:=`), the default without its `-` or `=`: the
 * variable's name, then the literal used when it is unset; in a URL's query, the value up to the next
 * parameter.
 */
function pushUnquoted(m: RegExpExecArray): void {
  const v = m[2]!;
  const at = offset + m.index;
  const c = v.charCodeAt(0);
  const before = source.charCodeAt(at - 1);
  // A URL's query parameter (`?secret=XXX&slug=/posts/foo`): its value ends at the next `&`.
  if (before === 63 || before === 38) {
    const amp = v.indexOf("&");
    if (amp > 0) {
      pushBefore(m, m[1]!, v.slice(0, amp), v.length - amp, false);
      return;
    }
  }
  const shellDefault =
    (c === 45 || c === 61) && v.length > 1 && before === 123 && source.charCodeAt(at - 2) === 36;
  pushBefore(m, m[1]!, shellDefault ? v.slice(1) : v, 0, false);
}
const pushHeader = (key: string, m: RegExpExecArray) => pushPair(key, m[0], m.index, false);
/** An unquoted assignment in code whose value holds a digit and a letter (LineScanOptions.expressions). */
function pushCodeUnquoted(m: RegExpExecArray): void {
  const v = m[2]!;
  if (DIGIT.test(v) && LETTER.test(v)) pushUnquoted(m);
}
const DIGIT = /[0-9]/;
const LETTER = /[A-Za-z]/;

/** Extracts key/value pairs from one window [from, to) of `text`, appended to `out`. */
export function pairsFromText(
  text: string,
  from: number,
  to: number,
  opts: LineScanOptions,
  out: KeyValue[] = [],
): KeyValue[] {
  const window = text.slice(from, to);
  into = out;
  offset = from;
  source = text;
  only = opts.wanted;
  try {
    if (window.includes('"') || window.includes("'") || window.includes("`")) {
      eachQuoted(window, pushAssigned);
      // The longer words are looked for only where a character their match holds is (a search for a
      // word a window lacks reads all of it).
      const comma = window.includes(",");
      if (comma) eachCallArgs(window, pushCallArgs);
      if (window.includes("=")) {
        eachTyped(window, pushTyped);
        if (window.includes("value=")) each(KEY_VALUE_ATTRS, window, pushAttributes);
      }
      if (window.includes("#") && window.includes("define")) each(DEFINE, window, pushQuoted);
      eachCommand(window, pushQuoted);
      if (window.includes("variable")) eachAt(TF_VARIABLE, "variable", 1, window, from);
      if (comma && window.includes("buildConfigField")) each(BUILD_CONFIG, window, pushBuildConfig);
    }
    if (window.includes("</")) {
      each(XML_ELEMENT, window, pushElement);
      if (window.includes("<key>")) eachAt(PLIST_ENTRY, "<key>", 9, window, from);
    }
    eachSchemeHeader(window, pushHeader, true, opts.schemeSite);
    if (window.includes("-")) each(FLAGS, window, pushBare);
    if (!opts.code) {
      each(DOCKER_ENV, window, pushBare);
      eachUnquoted(window, pushUnquoted);
    } else if (opts.expressions && mayHoldCodeValue(window)) {
      into = opts.expressions;
      eachUnquoted(window, pushCodeUnquoted);
    }
  } finally {
    into = NO_PAIRS; // nothing of this window kept alive
    only = undefined;
    source = "";
  }
  return out;
}
