/**
 * Decoders: values that hide a secret behind an encoding — base64 (Kubernetes Secret `data:`,
 * `.dockerconfigjson`, basic-auth blobs), JSON-escaped strings and URL-encoding. Each decoded view is
 * scanned like text; hits map back to the encoded span (into an escaped string, exactly: escapedOffsets)
 * and say how they were decoded. Pure.
 */
import type { SpanList } from "../types.js";
import { indexAt, LONG_VALUE } from "../util/span-list.js";

export interface DecodedView {
  readonly text: string;
  readonly kind: "base64" | "json-escape" | "url";
}

/** Printable ASCII, tab, line feed or carriage return. */
function printableCode(c: number): boolean {
  return (c >= 32 && c < 127) || c === 9 || c === 10 || c === 13;
}

/** Mostly printable UTF-8 text (what a secret or a config decodes to, unlike random key bytes). */
function printable(s: string): boolean {
  if (s.length === 0 || s.includes("\uFFFD")) return false;
  let ok = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (printableCode(c)) ok++;
  }
  return ok / s.length > 0.95;
}

/** Base64 digit values, both alphabets (`+` and `-` are 62, `/` and `_` 63); -1 elsewhere. */
const DIGIT = Int8Array.from({ length: 128 }, (_, c) => {
  const i = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(
    String.fromCharCode(c),
  );
  return i >= 0 ? i : c === 45 ? 62 : c === 95 ? 63 : -1;
});

/**
 * A bound `printable` implies on the bytes `v` decodes to, checked as they are decoded (no buffer,
 * no UTF-8 decoding), stopping as soon as it fails: each character that is not printable ASCII takes
 * at most 3 bytes, so text with more than 95% printable characters has more than
 * 0.95 / (0.95 + 3 × 0.05) ≈ 86% printable bytes. Random bytes (what most base64-shaped words decode
 * to) have about 37%, and are turned down after a few bytes. `v` is base64 (either alphabet), padded
 * or not, as base64Shaped accepts it; a last lone digit gives no byte, as in Node's decoder.
 */
function decodesMostlyPrintable(v: string): boolean {
  let n = v.length;
  while (n > 0 && v.charCodeAt(n - 1) === 61) n--;
  const total = Math.floor((n * 3) / 4);
  const need = 0.86 * total; // printable bytes must be more than this
  let bad = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    acc = ((acc << 6) | DIGIT[v.charCodeAt(i)]!) & 0xffff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    const c = (acc >> bits) & 0xff;
    if (printableCode(c)) continue;
    if (total - ++bad <= need) return false;
  }
  return total - bad > need;
}

/** The longest run of each alphabet from the start (sticky, no backtracking: one pass each). */
const STD_RUN = /[A-Za-z0-9+/]*/y;
const URL_RUN = /[A-Za-z0-9_-]*/y;
/** Either alphabet: most values stop this run early (a URL, a path, a sentence), one run for both. */
const EITHER_RUN = /[A-Za-z0-9+/_-]*/y;

/** How far `re` (a sticky run) reaches from the start of `v`. */
function runLength(re: RegExp, v: string): number {
  re.lastIndex = 0;
  re.test(v);
  return re.lastIndex;
}

/**
 * Whether `v` has one of the two shapes taken as base64:
 *   B64     /^(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
 *   B64URL  /^[A-Za-z0-9_-]{16,}={0,2}$/
 * as two runs that stop at the first character their alphabet lacks. The two regexes cost more than
 * the rest of decoding put together on lockfiles: B64URL backtracks over the whole run of each
 * `sha512-…=…` integrity value before it fails. A loop over the characters did not, but ran in V8's
 * baseline tier for most of a scan (2-5 ns a character); the runs are native from their first call.
 */
export function base64Shaped(v: string): boolean {
  let n = v.length;
  let pad = 0;
  while (pad < 3 && n > 0 && v.charCodeAt(n - 1) === 61) {
    n--;
    pad++;
  }
  if (pad > 2 || n < 16 || runLength(EITHER_RUN, v) < n) return false;
  if (runLength(URL_RUN, v) >= n) return true;
  // Not URL-safe, so in B64's alphabet: four or more groups of four, then maybe a group of three
  // (`=`) or two (`==`).
  return runLength(STD_RUN, v) >= n && n % 4 === (4 - pad) % 4;
}

export function base64Text(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 16 || !base64Shaped(v)) return undefined;
  if (!decodesMostlyPrintable(v)) return undefined;
  // Node's base64 decoder takes the URL-safe alphabet (`-`, `_`) as well.
  const s = Buffer.from(v, "base64").toString("utf8");
  return printable(s) && s.length >= 8 ? s : undefined;
}

/** What most values decode to: one array for all (a data dump's 390,000 values made one each). */
const NO_VIEWS: readonly DecodedView[] = Object.freeze([]);

/**
 * The spans of `text` decodedViews may find views in, in order: escaped values, those of LONG_VALUE or
 * more characters, and those holding a `%` (found in the text, not asked of each span: a JSON dump's
 * 390,000 short values have none).
 */
export function mayDecode(text: string, list: SpanList): readonly number[] {
  const out = list.longOrEscaped();
  let extra: number[] | undefined;
  let last = -1;
  for (let p = text.indexOf("%"); p !== -1; p = text.indexOf("%", p + 1)) {
    const i = indexAt(list, p);
    if (i < 0 || i === last) continue;
    last = i;
    extra ??= [];
    extra.push(i);
  }
  return extra === undefined ? out : mergeSorted(out, extra);
}

/** Two ascending lists of indexes as one, without repeats. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return out;
}

/**
 * The decoded views of span `i` of a list (mayDecode names the spans worth asking), whatever its
 * length: a ConfigMap's properties file of 77 KB holds its password as a short one does (views were
 * made of values up to 64 KiB, and that password went unreported). What a view costs grows with its
 * length alone (escapedOffsets here, inSource in pipeline.ts).
 */
export function decodedViews(list: SpanList, i: number): readonly DecodedView[] {
  const n = list.valueLength(i);
  const raw = list.raw(i);
  const v = list.value(i);
  const b = n >= LONG_VALUE ? base64Text(v) : undefined;
  const escaped = !raw && n >= 8;
  const url = v.includes("%") ? urlDecoded(v) : undefined;
  if (!b && !escaped && url === undefined) return NO_VIEWS;
  const out: DecodedView[] = [];
  if (b) out.push({ text: b, kind: "base64" });
  if (escaped) out.push({ text: v, kind: "json-escape" });
  if (url !== undefined) out.push({ text: url, kind: "url" });
  return out;
}

/**
 * Where each character of a JSON string's decoded value, `length` characters long, sits in `text`,
 * whose string content (past its opening quote) starts at `from`: entry d is the offset of character
 * d, entry `length` the offset past the last one. Each escape (`\n`, `\"`, `\uXXXX`) is one character
 * of the value. Made once a value: walked from the value's start for each hit, 16 strings of 1,500
 * tokens each (1 MB of JSON) took 5.0 s to scan, 0.87 s with the table.
 */
export function escapedOffsets(text: string, from: number, length: number): Int32Array {
  const out = new Int32Array(length + 1);
  let r = from;
  for (let d = 0; d < length; d++) {
    out[d] = r;
    if (r >= text.length) continue;
    if (text.charCodeAt(r) !== 92) r++;
    else r += text.charCodeAt(r + 1) === 117 ? 6 : 2;
  }
  out[length] = r;
  return out;
}

/** A percent-encoded value decoded, when that changes it. */
export function urlDecoded(v: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(v)) return undefined;
  try {
    const d = decodeURIComponent(v);
    return d !== v ? d : undefined;
  } catch {
    return undefined; // not valid percent-encoding
  }
}
