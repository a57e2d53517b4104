/**
 * Key names in one form: `awsSecretAccessKey`, `AWS-Secret.Key` and `aws_secret_access_key` are the
 * same name to the keyed rules and the judge. Pure.
 */
import type { GlobalData } from "../rules/types.js";
import { detached } from "../util/strings.js";

/**
 * Whether a normalized name is secret-named and not excluded: the test the keyed rules (which generic
 * rule takes a name) and the judge share. A not-secret name numbered is that name (`key_ref1`).
 */
export function secretNamedKey(norm: string, g: Pick<GlobalData, "secretKey" | "notSecretKey">): boolean {
  return (
    g.secretKey.test(norm) &&
    !g.notSecretKey.test(norm) &&
    !(/\d$/.test(norm) && g.notSecretKey.test(norm.replace(/\d+$/, "")))
  );
}

/** Lowercase snake form of a key: `awsSecretAccessKey`, `AWS-Secret.Key` → `aws_secret_access_key`. */
export function normalizeKey(key: string): string {
  let n = normalized.get(key);
  if (n === undefined) {
    const own = detached(key);
    n = normalizeUncached(own);
    if (normalized.size >= 20_000) normalized.clear();
    normalized.set(own, n);
  }
  return n;
}

/** Keys repeat endlessly (`token`, `apiKey`): each is normalised once. */
const normalized = new Map<string, string>();

/** normalizeKey without its cache (for callers that keep the answer themselves). */
export function normalizeUncached(key: string): string {
  return normalizeAscii(key) ?? normalizeByRegex(key);
}

/**
 * The definition: a `_` between a lower-case letter or digit and a capital, and before the last
 * capital of a run that a lower-case letter follows (`HTTPServer` → `HTTP_Server`); lower case; every
 * run of other characters one `_`; none at the ends.
 */
export function normalizeByRegex(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * normalizeByRegex in one pass, for ASCII text (undefined otherwise: lower-casing can turn other
 * characters into ASCII letters, as the Kelvin sign becomes `k`). Besides key names, the judge
 * normalizes every candidate secret, and five regex passes over each random token were most of the
 * cost of a file of 100,000 of them.
 */
export function normalizeAscii(key: string): string | undefined {
  if (key.length > NORMALIZE_MAX) return undefined;
  const out = scratch;
  let n = 0;
  let gap = false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 128) return undefined;
    const upper = isUpper(c);
    if (!upper && !isLower(c) && !isDigit(c)) {
      gap = true;
      continue;
    }
    if (upper && i > 0) {
      const p = key.charCodeAt(i - 1);
      if (isLower(p) || isDigit(p) || (isUpper(p) && isLower(key.charCodeAt(i + 1)))) gap = true;
    }
    if (gap && n > 0) out[n++] = 95; // _
    gap = false;
    out[n++] = upper ? c + 32 : c;
  }
  // Most names are already in snake form: then the name itself, no new string.
  if (n === key.length && !differs(key, out, n)) return key;
  return Buffer.from(out.buffer, 0, n).toString("latin1");
}

/** Longest text normalized in one pass (a scratch buffer's size; longer goes to the regexes). */
const NORMALIZE_MAX = 4096;
const scratch = new Uint8Array(NORMALIZE_MAX * 2);

/** Whether the first `n` codes of `out` differ from `key`'s. */
function differs(key: string, out: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (out[i] !== key.charCodeAt(i)) return true;
  return false;
}
