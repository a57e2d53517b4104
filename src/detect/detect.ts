/**
 * detect(): pure. Keyword prefilter → rule regexes where their keyword occurs → key/value rules over
 * extracted pairs → entropy → overlap resolution. Judging (placeholders, references…) is judge.ts.
 */
import type { Rule } from "../rules/types.js";
import type { Annotation, Candidate, SpanList } from "../types.js";
import { lastStartingBy, listOf } from "../util/span-list.js";
import { type KeyFilter, type KeyValue, type LineScanOptions, pairsFromText } from "./assign.js";
import { pairsFromSpans } from "./assign-spans.js";
import { commentPairs } from "./comment-pairs.js";
import type { Anchor, Engine, Lead } from "./engine.js";
import { shannonEntropy } from "./entropy.js";
import { PlanBuffer, pairWindows, planRules, WINDOW_AFTER, WINDOW_LINE_MAX } from "./hit-plan.js";
import { keyFilter, matchKeyed } from "./keyed.js";
import { breakAfter, breakBefore, releaseBreaks } from "./line-breaks.js";

export { resolveOverlaps } from "./overlaps.js";

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
  /** The keyword hits of `text` when already found (matcher.scanHits). */
  readonly hits?: Int32Array;
  /** The plan of `text`'s hits, rules and windows, when a reading thread made it (hit-plan.ts). */
  readonly plan?: Int32Array;
}

export interface DetectOptions {
  /** Restrict to these rule indexes (rules check runs one rule at a time). */
  readonly only?: ReadonlySet<number>;
  /** Counts, under MATCH_CAP + rule id, the rules that had more than MAX_MATCHES_PER_RULE matches. */
  readonly dropped?: Record<string, number>;
}

/**
 * Scratch of detect() (it never calls itself; each thread has its own): the plan it makes when it is
 * given none, the windows it makes for that plan when it needs them, and the hits they come from.
 */
const ownPlan = new PlanBuffer();
const ownWindows = new PlanBuffer();
const keyedHits: number[] = [];
const schemeWords: number[] = [];

export function detect(input: DetectInput, engine: Engine, opts: DetectOptions = {}): Candidate[] {
  const { text } = input;
  // A plan made for every rule serves only a call for every rule.
  const given = input.plan !== undefined && !opts.only;
  let plan: Int32Array;
  if (given) plan = input.plan!;
  else {
    ownPlan.n = 0;
    // The hits read before anything else scans: a view of the matcher's scratch (scanHitsView).
    const found = input.hits ?? engine.matcher.scanHitsView(text);
    planRules(text, found, engine.tables, ownPlan, keyedHits, schemeWords, opts.only);
    plan = ownPlan.buf;
  }
  // The rules with a hit, in the order of their first hit, each with its hits' ends (hit-plan.ts).
  const n = plan[0]!;
  if (n === 0) return [];
  const out: Candidate[] = [];
  const keyed: number[] = [];
  let ends = 1 + 2 * n;
  for (let i = 0; i < n; i++) {
    const ri = plan[1 + 2 * i]!;
    const from = ends;
    ends += plan[2 + 2 * i]!;
    const rule = engine.rules[ri]!;
    const anchor = engine.anchors[ri];
    const lead = engine.leads[ri];
    // One match past the cap is looked for, to tell a rule that has more from one that stops there.
    const most = MAX_MATCHES_PER_RULE + 1;
    let found = 0;
    if (rule.key) keyed.push(ri);
    else if (anchor) found = matchAnchored(rule, anchor, text, plan, from, ends, out, most);
    else if (rule.multiline || text.length <= WHOLE_TEXT_MAX)
      found = lead
        ? matchAtPrefix(rule, lead, text, out, most)
        : matchPattern(rule, text, 0, text.length, out, most);
    else {
      for (const [a, b] of hitWindows(text, plan.subarray(from, ends))) {
        found += matchPattern(rule, text, a, b, out, most - found);
        if (found >= most) break;
      }
    }
    if (found === most) {
      out.pop();
      capped(rule.id, opts);
    }
  }
  line.text = ""; // no text kept alive past its scan
  releaseBreaks();
  if (keyed.length > 0) {
    // Pairs only under names some enabled keyed rule takes: a dump of 100,000 `"name": "…"` pairs
    // builds none. A given plan's windows follow its rules' ends.
    const wanted = keyFilter(engine, keyed);
    // A keyed rule's matches are capped as a pattern rule's are: a .env of 100,000 passwords built
    // 100,000 findings (11 s and 500 MB with their ids).
    // Counts by rule, zeroed for this fragment's keyed rules (one array for all fragments: a new one
    // for each was an allocation outside the heap per file).
    if (taken.length < engine.rules.length) taken = new Int32Array(engine.rules.length);
    for (let k = 0; k < keyed.length; k++) taken[keyed[k]!] = 0;
    // In code, unquoted assignments go to provider rules alone (assign.ts LineScanOptions.expressions).
    const providers = input.code ? keyed.filter((ri) => !engine.rules[ri]!.generic) : NO_RULES;
    const expressions: KeyValue[] | undefined = providers.length > 0 ? [] : undefined;
    const pairs = extractPairs(input, given ? plan : undefined, ends, wanted, expressions);
    for (let k = 0; k < pairs.length; k++)
      matchKeyed(keyed, pairs[k]!, out, engine, taken, MAX_MATCHES_PER_RULE);
    if (expressions && expressions.length > 0) {
      for (const kv of dedupePairs(expressions))
        matchKeyed(providers, kv, out, engine, taken, MAX_MATCHES_PER_RULE);
    }
    for (let k = 0; k < keyed.length; k++) {
      const ri = keyed[k]!;
      if (taken[ri]! > MAX_MATCHES_PER_RULE) capped(engine.rules[ri]!.id, opts);
    }
  }
  return out;
}

const NO_RULES: readonly number[] = [];

/** Matches of each keyed rule in the fragment being detected (matchKeyed counts them). */
let taken = new Int32Array(0);

/** Counts a fragment where rule `id` had more than MAX_MATCHES_PER_RULE matches. */
function capped(id: string, opts: DetectOptions): void {
  const reason = MATCH_CAP + id;
  if (opts.dropped) opts.dropped[reason] = (opts.dropped[reason] ?? 0) + 1;
}

/**
 * The line hitWindows measured last, kept between its calls: each rule with hits asks for windows in
 * turn, and on a one-line bundle of 4 MB each measured the whole line again (two searches through it
 * per rule, 6 ms a text of the keyword-dense bundle).
 */
const line = { text: "", from: -1, to: -1 };

/** Texts up to this size are matched whole; larger ones only on the lines around keyword hits. */
const WHOLE_TEXT_MAX = 16 * 1024;

/**
 * The lines holding a rule's keyword hits (and the lines next to them), merged. Single-line rules
 * cannot match anywhere else, so a large file costs what its hit lines cost. On a line longer than
 * WINDOW_LINE_MAX, a window reaches WINDOW_AFTER past each hit in it: one that stopped there past its
 * first hit cut a match a later hit started near its end (two connection strings 2,030 characters
 * apart in a bundle: the second went unreported).
 */
export function hitWindows(text: string, hits: number[] | Int32Array): [number, number][] {
  hits.sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const end of hits) {
    const last = out[out.length - 1];
    if (text !== line.text || end > line.to || end < line.from) {
      line.text = text;
      line.from = breakBefore(text, end - 1) + 1;
      line.to = breakAfter(text, end);
      if (line.to === -1) line.to = text.length;
    }
    const ls = line.from;
    const le = line.to;
    if (last && end <= last[1]) {
      if (le - ls > WINDOW_LINE_MAX) last[1] = Math.max(last[1], Math.min(le, end + WINDOW_AFTER));
      continue;
    }
    let from: number;
    let to: number;
    if (le - ls > WINDOW_LINE_MAX) {
      from = Math.max(ls, end - WINDOW_AFTER);
      to = Math.min(le, end + WINDOW_AFTER);
    } else {
      from = ls > 1 ? breakBefore(text, ls - 2) + 1 : 0;
      if (ls - from > WINDOW_LINE_MAX) from = ls;
      const next = le < text.length ? breakAfter(text, le + 1) : -1;
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
 * The matches a global scan of the whole text would find, trying the rule only where its lead's prefix
 * starts (found by indexOf); like the global scan, the next try starts past the previous match. At most
 * `limit`; returns how many it added.
 */
function matchAtPrefix(rule: Rule, lead: Lead, text: string, out: Candidate[], limit: number): number {
  const { prefix, sticky: re } = lead;
  let n = 0;
  for (let at = text.indexOf(prefix); at !== -1; ) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) {
      at = text.indexOf(prefix, at + 1);
      continue;
    }
    if (pushCapture(rule, m, 0, out) && ++n >= limit) break;
    at = text.indexOf(prefix, at + Math.max(m[0].length, 1));
  }
  return n;
}

/**
 * The matches a global scan of the whole text would find, trying the rule only where its anchor
 * keyword starts (ends[from, to): the keyword's hit ends, in order). Like the global scan, the next try
 * starts past the previous match. At most `limit`; returns how many it added.
 */
function matchAnchored(
  rule: Rule,
  anchor: Anchor,
  text: string,
  ends: Int32Array,
  from: number,
  to: number,
  out: Candidate[],
  limit: number,
): number {
  const re = anchor.sticky;
  let next = 0;
  let n = 0;
  for (let k = from; k < to; k++) {
    const end = ends[k]!;
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
 * Key/value pairs: from the annotation when the file parsed, else from the windows around the keyed
 * keywords' hits: `plan`'s from index `at` when given (hit-plan.ts), else made now from the hits
 * detect() kept. A code file's unquoted assignments go to `expressions`, when given.
 */
function extractPairs(
  input: DetectInput,
  plan: Int32Array | undefined,
  at: number,
  wanted: KeyFilter,
  expressions?: KeyValue[],
): KeyValue[] {
  const { text, keys } = input;
  const structured = keys !== undefined && !keys.error && keys.format !== "notebook";
  const list = keys ? listOf(keys) : undefined;
  const pairs: KeyValue[] = list ? pairsFromSpans(text, list, wanted) : [];
  let windows = plan;
  if (!windows) {
    ownWindows.n = 0;
    pairWindows(text, keyedHits, schemeWords, ownWindows);
    windows = ownWindows.buf;
    at = 0;
  }
  // One options object for every window (its scheme-site answer set per window).
  const opts = { code: input.code, wanted, schemeSite: false, expressions };
  const w = windows[at]!;
  for (let i = at + 1; i < at + 1 + 3 * w; i += 3) {
    opts.schemeSite = windows[i + 2] === 1;
    if (structured) {
      valuePairs(text, list!, windows[i]!, windows[i + 1]!, opts, pairs);
      commentPairs(text, list!, keys.format, windows[i]!, windows[i + 1]!, opts, pairs);
    } else pairsFromText(text, windows[i]!, windows[i + 1]!, opts, pairs);
  }
  return dedupePairs(pairs);
}

/**
 * In a structured file, the pairs written as free text inside its values where the window [from, to)
 * meets them: a workflow's one-line `run: export DB_PASSWORD=…`, a command string in JSON, prose naming
 * a key and its token. Only values that are their source text (raw), so offsets hold: any other value
 * is read as text from its decoded view (pipeline.ts).
 */
function valuePairs(
  text: string,
  list: SpanList,
  from: number,
  to: number,
  opts: LineScanOptions,
  out: KeyValue[],
): void {
  // From the last value starting by the window's start (it may run into the window).
  for (let i = Math.max(0, lastStartingBy(list, from)); i < list.length && list.start(i) < to; i++) {
    const start = list.start(i);
    const end = list.end(i);
    if (end <= from || end - start < 8 || !list.raw(i)) continue;
    pairsFromText(text, Math.max(start, from), Math.min(end, to), opts, out);
  }
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
