/**
 * detect(): pure. Keyword prefilter → rule regexes where their keyword occurs → key/value rules over
 * extracted pairs → entropy → overlap resolution. Judging (placeholders, references…) is judge.ts.
 */
import type { Rule } from "../rules/types.js";
import type { Annotation, Candidate } from "../types.js";
import { type KeyFilter, type KeyValue, pairsFromSpans, pairsFromText, schemeSiteIn } from "./assign.js";
import type { Anchor, Engine } from "./engine.js";
import { shannonEntropy } from "./entropy.js";
import { keyFilter, matchKeyed } from "./keyed.js";
import { JUDGED_NO, valueFollows } from "./value-follows.js";

export { resolveOverlaps } from "./overlaps.js";

/** Longest line scanned whole for assignments; longer (minified) lines are windowed around hits. */
const WINDOW_LINE_MAX = 4096;
const WINDOW_BEFORE = 256;
const WINDOW_AFTER = 2048;
/** Cap on matches of one rule in one fragment (a generated file can hold thousands). */
export const MAX_MATCHES_PER_RULE = 10_000;
/**
 * `dropped` reason counting the fragments where a rule had more than MAX_MATCHES_PER_RULE matches, by
 * rule (`match-cap:<rule id>`): the scan turns it into a warning, so no match is left out silently.
 */
export const MATCH_CAP = "match-cap:";

export interface DetectInput {
  readonly text: string;
  readonly keys?: Annotation;
  /** True for source code, where unquoted right-hand sides are expressions. */
  readonly code: boolean;
  /** The keyword hits of `text` when already found (matcher.scanHits, by a reading thread). */
  readonly hits?: Int32Array;
}

export interface DetectOptions {
  /** Restrict to these rule indexes (rules check runs one rule at a time). */
  readonly only?: ReadonlySet<number>;
  /** Counts, under MATCH_CAP + rule id, the rules that had more than MAX_MATCHES_PER_RULE matches. */
  readonly dropped?: Record<string, number>;
}

/**
 * Scratch of detect(): the keyword hit ends of each rule, by rule index, for the call in progress
 * (detect never calls itself; each thread has its own). A Map per call cost more than the matching
 * of most files.
 */
let ruleHits: (number[] | undefined)[] = [];
/** Scratch of detect(): a start and an end offset for each scheme word's hit (engine.kwScheme), in order. */
const schemeWords: number[] = [];

export function detect(input: DetectInput, engine: Engine, opts: DetectOptions = {}): Candidate[] {
  const { text } = input;
  if (ruleHits.length < engine.rules.length) ruleHits = new Array(engine.rules.length).fill(undefined);
  // The rules with a hit, in the order of their first hit.
  const enabled: number[] = [];
  const keyedHits: number[] = [];
  schemeWords.length = 0;
  // Read before anything else scans: a view of the matcher's scratch (scanHitsView).
  const found = input.hits ?? engine.matcher.scanHitsView(text);
  for (let k = 0; k < found.length; k += 2) {
    // A reading thread may have judged a keyed keyword's hit already (judgeKeyedHits).
    let kw = found[k]!;
    let follows = -1;
    if (kw < 0) {
      kw = ~kw;
      follows = 1;
    } else if (kw >= JUDGED_NO) {
      kw -= JUDGED_NO;
      follows = 0;
    }
    const end = found[k + 1]!;
    if (engine.kwScheme[kw] === 1) schemeWords.push(end - engine.matcher.keywords[kw]!.length, end);
    for (const r of engine.kwRules[kw]!) {
      if (opts.only && !opts.only.has(r)) continue;
      const hits = ruleHits[r];
      if (hits) hits.push(end);
      else {
        ruleHits[r] = [end];
        enabled.push(r);
      }
    }
    if (engine.kwKeyed[kw] === 1 && (follows === -1 ? valueFollows(text, end) : follows === 1))
      keyedHits.push(end);
  }
  if (enabled.length === 0) return [];
  const out: Candidate[] = [];
  const keyed: number[] = [];
  try {
    for (const ri of enabled) {
      const hits = ruleHits[ri]!;
      const rule = engine.rules[ri]!;
      const anchor = engine.anchors[ri];
      // One match past the cap is looked for, to tell a rule that has more from one that stops there.
      const most = MAX_MATCHES_PER_RULE + 1;
      let found = 0;
      if (rule.key) keyed.push(ri);
      else if (anchor) found = matchAnchored(rule, anchor, text, hits, out, most);
      else if (rule.multiline || text.length <= WHOLE_TEXT_MAX)
        found = matchPattern(rule, text, 0, text.length, out, most);
      else {
        for (const [from, to] of hitWindows(text, hits)) {
          found += matchPattern(rule, text, from, to, out, most - found);
          if (found >= most) break;
        }
      }
      if (found === most) {
        out.pop();
        const reason = MATCH_CAP + rule.id;
        if (opts.dropped) opts.dropped[reason] = (opts.dropped[reason] ?? 0) + 1;
      }
    }
  } finally {
    for (const ri of enabled) ruleHits[ri] = undefined;
  }
  if (keyed.length > 0) {
    // Pairs only under names some enabled keyed rule takes: a dump of 100,000 `"name": "…"` pairs
    // builds none.
    const wanted = keyFilter(engine, keyed);
    for (const kv of extractPairs(input, keyedHits, wanted, schemeWords)) matchKeyed(keyed, kv, out, engine);
  }
  return out;
}

/** Texts up to this size are matched whole; larger ones only on the lines around keyword hits. */
const WHOLE_TEXT_MAX = 16 * 1024;

/**
 * The lines holding a rule's keyword hits (and the lines next to them), merged. Single-line rules
 * cannot match anywhere else, so a large file costs what its hit lines cost.
 */
export function hitWindows(text: string, hits: number[]): [number, number][] {
  hits.sort((a, b) => a - b);
  const out: [number, number][] = [];
  let ls = -1;
  let le = -1;
  for (const end of hits) {
    const last = out[out.length - 1];
    if (last && end <= last[1]) continue;
    if (end > le || end < ls) {
      ls = text.lastIndexOf("\n", end - 1) + 1;
      le = text.indexOf("\n", end);
      if (le === -1) le = text.length;
    }
    let from: number;
    let to: number;
    if (le - ls > WINDOW_LINE_MAX) {
      from = Math.max(ls, end - WINDOW_AFTER);
      to = Math.min(le, end + WINDOW_AFTER);
    } else {
      from = ls > 1 ? text.lastIndexOf("\n", ls - 2) + 1 : 0;
      if (ls - from > WINDOW_LINE_MAX) from = ls;
      const next = le < text.length ? text.indexOf("\n", le + 1) : -1;
      to = next === -1 ? text.length : next - le > WINDOW_LINE_MAX ? le : next;
    }
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Candidates of `rule` in text[from, to), at most `limit`; returns how many it added. */
function matchPattern(
  rule: Rule,
  text: string,
  from: number,
  to: number,
  out: Candidate[],
  limit: number,
): number {
  const re = rule.regex;
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    if (m[0].length === 0) re.lastIndex++;
    if (pushCapture(rule, m, from, out) && ++n >= limit) break;
  }
  return n;
}

/**
 * The matches a global scan of the whole text would find, trying the rule only where its anchor
 * keyword starts (`ends`: the keyword's hit ends, in order). Like the global scan, the next try starts
 * past the previous match. At most `limit`; returns how many it added.
 */
function matchAnchored(
  rule: Rule,
  anchor: Anchor,
  text: string,
  ends: readonly number[],
  out: Candidate[],
  limit: number,
): number {
  const re = anchor.sticky;
  let next = 0;
  let n = 0;
  for (const end of ends) {
    const at = end - anchor.length;
    if (at < next) continue;
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) continue;
    next = at + Math.max(m[0].length, 1);
    if (pushCapture(rule, m, 0, out) && ++n >= limit) break;
  }
  return n;
}

/** The rule's candidate from a match's first capture (at `offset` in the text); false when it is empty. */
function pushCapture(rule: Rule, m: RegExpExecArray, offset: number, out: Candidate[]): boolean {
  const span = m.indices?.[1];
  const secret = m[1];
  if (!span || secret === undefined || secret.length === 0) return false;
  out.push({
    ruleId: rule.id,
    secret,
    start: offset + span[0],
    end: offset + span[1],
    entropy: shannonEntropy(secret),
    priority: rule.priority,
  });
  return true;
}

/**
 * Key/value pairs: from the annotation when the file parsed, else from windows around keyword hits.
 * `words`: the scheme words' hits (start, end, by end), which tell each window whether it holds a
 * scheme site (schemeSiteIn).
 */
function extractPairs(
  input: DetectInput,
  hits: readonly number[],
  wanted: KeyFilter,
  words: readonly number[],
): KeyValue[] {
  const { text, keys } = input;
  if (keys && !keys.error && keys.format !== "notebook") return pairsFromSpans(text, keys.spans, wanted);
  const pairs: KeyValue[] = keys ? pairsFromSpans(text, keys.spans, wanted) : [];
  // One options object for every window (its scheme-site answer set per window).
  const opts = { code: input.code, wanted, schemeSite: false };
  let coveredTo = -1;
  let lineFrom = -1;
  let lineTo = -1;
  // The scheme words ending past the last window's start (windows come in order and never overlap).
  let word = 0;
  for (const end of hits) {
    if (end <= coveredTo) continue;
    if (end > lineTo) {
      // A new line: find its bounds once (hits are in order, so each line is measured once).
      lineFrom = text.lastIndexOf("\n", end - 1) + 1;
      lineTo = text.indexOf("\n", end);
      if (lineTo === -1) lineTo = text.length;
    }
    let from = lineFrom;
    let to = lineTo;
    if (to - from > WINDOW_LINE_MAX) {
      from = Math.max(from, end - WINDOW_BEFORE, coveredTo);
      to = Math.min(to, end + WINDOW_AFTER);
    }
    coveredTo = to;
    while (word < words.length && words[word + 1]! < from) word += 2;
    opts.schemeSite = schemeSiteIn(text, from, to, words, word);
    pairsFromText(text, from, to, opts, pairs);
  }
  return dedupePairs(pairs);
}

/**
 * The pairs without repeats (same value span and key), first kept. Most pairs are distinct: a pair is
 * compared only with earlier ones that start where it starts, found through an open-addressing table
 * of their indexes keyed by start (no allocation per pair: a one-line JSON dump gives 100,000s).
 */
function dedupePairs(pairs: KeyValue[]): KeyValue[] {
  const n = pairs.length;
  if (n < 2) return pairs;
  let bits = 4;
  while (1 << bits < n * 2) bits++;
  const size = 1 << bits;
  if (pairTable.length < size) pairTable = new Int32Array(size);
  const table = pairTable;
  table.fill(0, 0, size);
  const mask = size - 1;
  const out: KeyValue[] = [];
  next: for (let i = 0; i < n; i++) {
    const p = pairs[i]!;
    // Fibonacci hashing: the product's top bits (starts are often multiples of a line's width, and
    // the low bits of their products would repeat).
    let h = Math.imul(p.start, 0x9e3779b1) >>> (32 - bits);
    for (; table[h] !== 0; h = (h + 1) & mask) {
      const q = pairs[table[h]! - 1]!;
      if (q.start === p.start && q.end === p.end && q.key === p.key) continue next;
    }
    table[h] = i + 1;
    out.push(p);
  }
  return out.length === n ? pairs : out;
}

/** dedupePairs' table (pair index + 1 per slot, 0 empty), grown as needed and kept. */
let pairTable = new Int32Array(1024);
