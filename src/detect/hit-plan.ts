/**
 * A text's keyword hits put the way detect() uses them (a "plan"): each rule with a hit and its hits'
 * ends, and the windows where key/value pairs are looked for. Worked out from the hits alone (and the
 * text), so the reading thread can do it for the files it hands over (read-pump.ts), off the main
 * thread, and hand it over as one buffer; the main thread works it out here for everything else. Pure,
 * with per-thread scratch; small: the reading thread's bundle holds it.
 *
 * A plan, from its first number:
 *   n, then n pairs (rule index, hit count) in the order of each rule's first hit, then each rule's
 *   hit ends in that order (ends in the order found);
 *   then, when it holds windows: w, then w triples (from, to, 1 when the window holds a scheme site).
 */
import { schemeSiteIn } from "./scheme-header.js";
import { valueFollows } from "./value-follows.js";

/** What a plan is made from: the engine's keywords and rules as numbers (engine.ts builds them). */
export interface HitTables {
  /** The rules of keyword kw are ruleList[ruleStart[kw], ruleStart[kw + 1]). */
  readonly ruleStart: Int32Array;
  readonly ruleList: Int32Array;
  /** Rules in the engine. */
  readonly rules: number;
  /** keyword → 1 when it enables a keyed rule (its hits open pair windows where a value follows). */
  readonly keyed: Uint8Array;
  /** keyword → 1 for a scheme word (scheme-header.ts SCHEME_WORDS). */
  readonly scheme: Uint8Array;
  /** keyword → its length. */
  readonly length: Int32Array;
}

/**
 * The tables of `keywords` (by index): `kwRules[kw]` the rules keyword kw enables, `keyed[kw]` and
 * `scheme[kw]` 1 or 0; `rules` the engine's rule count.
 */
export function hitTables(
  keywords: readonly string[],
  kwRules: readonly (readonly number[])[],
  keyed: ArrayLike<number>,
  scheme: ArrayLike<number>,
  rules: number,
): HitTables {
  const ruleStart = new Int32Array(keywords.length + 1);
  kwRules.forEach((rs, k) => {
    ruleStart[k + 1] = ruleStart[k]! + rs.length;
  });
  return {
    ruleStart,
    ruleList: Int32Array.from(kwRules.flat()),
    rules,
    keyed: Uint8Array.from(keyed),
    scheme: Uint8Array.from(scheme),
    length: Int32Array.from(keywords, (kw) => kw.length),
  };
}

/** A growing Int32Array that plans are written into. */
export class PlanBuffer {
  buf = new Int32Array(1024);
  n = 0;

  /** Room for `more` numbers past `n`. */
  reserve(more: number): void {
    if (this.n + more <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + more) size *= 2;
    const next = new Int32Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  push(v: number): void {
    this.reserve(1);
    this.buf[this.n++] = v;
  }
}

/** Scratch: hits per rule while a plan is made (zero between calls). */
let perRule = new Int32Array(0);
/** Scratch: the rules with a hit, in order of first hit. */
const order: number[] = [];

/**
 * Writes the rule part of the plan of `text`'s hits (KeywordMatcher pairs: keyword, end) at out.n.
 * The ends of the keyed keywords' hits that a value follows go to `keyed`, the start and end of each
 * scheme word's hit to `words` (both emptied first): pairWindows reads them. `only`: just these rules
 * (`rules check`).
 */
export function planRules(
  text: string,
  found: ArrayLike<number>,
  t: HitTables,
  out: PlanBuffer,
  keyed: number[],
  words: number[],
  only?: ReadonlySet<number>,
): void {
  if (perRule.length < t.rules) perRule = new Int32Array(t.rules);
  const count = perRule;
  keyed.length = 0;
  words.length = 0;
  order.length = 0;
  let total = 0;
  for (let k = 0; k < found.length; k += 2) {
    const kw = found[k]!;
    const end = found[k + 1]!;
    if (t.scheme[kw] === 1) words.push(end - t.length[kw]!, end);
    for (let j = t.ruleStart[kw]!; j < t.ruleStart[kw + 1]!; j++) {
      const r = t.ruleList[j]!;
      if (only && !only.has(r)) continue;
      if (count[r] === 0) order.push(r);
      count[r]!++;
      total++;
    }
    if (t.keyed[kw] === 1 && valueFollows(text, end)) keyed.push(end);
  }
  const n = order.length;
  out.reserve(1 + 2 * n + total);
  const buf = out.buf;
  let at = out.n;
  buf[at++] = n;
  // Each rule's count, then (in `count`) where its next end goes.
  let next = at + 2 * n;
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    const c = count[r]!;
    buf[at++] = r;
    buf[at++] = c;
    count[r] = next;
    next += c;
  }
  for (let k = 0; k < found.length; k += 2) {
    const kw = found[k]!;
    const end = found[k + 1]!;
    for (let j = t.ruleStart[kw]!; j < t.ruleStart[kw + 1]!; j++) {
      const r = t.ruleList[j]!;
      if (only && !only.has(r)) continue;
      buf[count[r]!++] = end;
    }
  }
  for (let k = 0; k < n; k++) count[order[k]!] = 0;
  out.n = next;
}

/** Longest line scanned whole for assignments; longer (minified) lines are windowed around hits. */
export const WINDOW_LINE_MAX = 4096;
const WINDOW_BEFORE = 256;
export const WINDOW_AFTER = 2048;

/**
 * Writes the windows where pairs are looked for in a text that is not structured: around each hit in
 * `keyed` (ends, in order), its line, or on a line longer than WINDOW_LINE_MAX the stretch from
 * WINDOW_BEFORE characters before the hit to WINDOW_AFTER after it; windows never overlap. On such a
 * line a window reaches WINDOW_AFTER past every hit in it, and takes in a hit whose stretch would start
 * inside it: a window cut where its first hit's stretch ended, and the next started there, so an
 * assignment across that point was read by neither (minified code of `var api_token_N="…";`, one in
 * forty missed). Each window says whether it holds a scheme site (`words`: the scheme words' hits,
 * start and end, by end; see schemeSiteIn). Appends w and the w triples at out.n.
 */
export function pairWindows(
  text: string,
  keyed: readonly number[],
  words: readonly number[],
  out: PlanBuffer,
): void {
  const head = out.n;
  out.push(0);
  let lineFrom = -1;
  let lineTo = -1;
  // The window being made: [from, to), on a long line when `long` (then it may still grow).
  let from = -1;
  let to = -1;
  let long = false;
  // The scheme words ending past the last window's start (windows come in order and never overlap).
  let word = 0;
  let w = 0;
  const close = () => {
    while (word < words.length && words[word + 1]! < from) word += 2;
    out.reserve(3);
    out.buf[out.n++] = from;
    out.buf[out.n++] = to;
    out.buf[out.n++] = schemeSiteIn(text, from, to, words, word) ? 1 : 0;
    w++;
  };
  for (let k = 0; k < keyed.length; k++) {
    const end = keyed[k]!;
    if (end > lineTo) {
      // A new line: find its bounds once (hits are in order, so each line is measured once).
      lineFrom = text.lastIndexOf("\n", end - 1) + 1;
      lineTo = text.indexOf("\n", end);
      if (lineTo === -1) lineTo = text.length;
    }
    if (long && from >= lineFrom && end - WINDOW_BEFORE <= to) {
      to = Math.min(lineTo, Math.max(to, end + WINDOW_AFTER));
      continue;
    }
    if (end <= to) continue; // on the line the window holds whole
    if (from >= 0) close();
    from = lineFrom;
    to = lineTo;
    long = to - from > WINDOW_LINE_MAX;
    if (long) {
      from = Math.max(from, end - WINDOW_BEFORE);
      to = Math.min(to, end + WINDOW_AFTER);
    }
  }
  if (from >= 0) close();
  out.buf[head] = w;
}

/** Scratch of planOf: keyed hit ends and scheme words. */
const keyedScratch: number[] = [];
const wordScratch: number[] = [];

/**
 * The whole plan of each text (rules and windows), packed: text k's is plans[offsets[k],
 * offsets[k + 1]). `hits` and `offsets` are KeywordMatcher.scanHitsMany's.
 */
export function planMany(
  texts: readonly string[],
  hits: Int32Array,
  offsets: Int32Array,
  t: HitTables,
): { plans: Int32Array; offsets: Int32Array } {
  const out = new PlanBuffer();
  const at = new Int32Array(texts.length + 1);
  for (let k = 0; k < texts.length; k++) {
    at[k] = out.n;
    const text = texts[k]!;
    planRules(text, hits.subarray(offsets[k]!, offsets[k + 1]!), t, out, keyedScratch, wordScratch);
    pairWindows(text, keyedScratch, wordScratch, out);
  }
  at[texts.length] = out.n;
  return { plans: out.buf.slice(0, out.n), offsets: at };
}
