/**
 * Keyed rules over key/value pairs: which names a rule takes (asked once per name and rule, per engine),
 * and the candidates of a pair. Pure, with per-thread caches.
 */
import type { Rule } from "../rules/types.js";
import type { Candidate } from "../types.js";
import { detached } from "../util/strings.js";
import type { KeyFilter, KeyValue } from "./assign.js";
import type { Engine } from "./engine.js";
import { shannonEntropy } from "./entropy.js";
import { normalizeUncached, secretNamedKey } from "./key-name.js";
import { engineGrams, keyNeeds, mayHold, mayHoldIn, type NameGrams } from "./name-grams.js";
import { fold } from "./regex-needs.js";

/**
 * A key name's verdicts: two bits per keyed rule (by its place among the engine's keyed rules,
 * KEYED_PER_WORD to a word): 1 the rule's key test passes, 2 it fails, 0 not yet asked. Words of a
 * small packed array: indexed by rule index, a plain array went sparse (slow, and a kilobyte per name),
 * and a file of random names (a data dump's `{name, value}` rows) made 100,000s of them.
 */
interface KeyVerdicts {
  /** The name (its own copy, never a view into a text). */
  readonly name: string;
  readonly norm: string;
  /** The name folded (foldedAscii), for the rules' needs; undefined when it is not ASCII. */
  readonly folded: string | undefined;
  readonly verdicts: number[];
  /** Secret-named (and not excluded), as the generic judge decides; set when first asked. */
  named?: boolean;
  /** Whether a rule of keyFilter number `wantedIn` takes the name. */
  wanted: boolean;
  wantedIn: number;
}

const KEYED_PER_WORD = 15;

/** keyFilter() calls so far: tells one filter's answers in KeyVerdicts from another's. */
let filters = 0;

/** Per engine: its names' verdicts, and where each keyed rule's two bits sit. */
interface EngineVerdicts {
  /**
   * Key name → its verdicts, for names asked more than once. Names repeat endlessly (`version`,
   * `token`): each test runs once.
   */
  readonly names: Map<string, KeyVerdicts>;
  /** Fingerprints of the names a filter asked about lately, one slot each (see seenBefore). */
  readonly seen: Int32Array;
  /** Kept names asked about lately, by recentSlot: looked at before `names`. */
  readonly recent: (KeyVerdicts | undefined)[];
  /** Rule index → its place among the engine's keyed rules (-1: not keyed). */
  readonly place: Int32Array;
  /** Words per name (KEYED_PER_WORD places to a word). */
  readonly words: number;
  /** What a name needs for any keyed rule to take it (name-grams.ts); null: not known. */
  readonly grams: NameGrams | null;
  /** That test on a name where it is written (KeyFilter.mayTakeIn), one for the engine; none without grams. */
  readonly mayTakeIn: ((text: string, start: number, end: number) => boolean) | undefined;
  /**
   * Rule index → the words every name its key test takes holds, folded (regex-needs.ts); null: not
   * known (or not keyed). A name asked for the first time is tested only by the rules it may satisfy.
   */
  readonly needs: (readonly string[] | null)[];
}

const byEngine = new WeakMap<Engine, EngineVerdicts>();
let lastEngine: Engine | undefined;
let last: EngineVerdicts | undefined;

function verdictsFor(engine: Engine): EngineVerdicts {
  // One engine scans a whole run: the last one's record is kept at hand (a WeakMap lookup per pair cost
  // more than the Map lookup of the name).
  if (engine === lastEngine) return last!;
  let e = byEngine.get(engine);
  if (!e) {
    const place = new Int32Array(engine.rules.length).fill(-1);
    let n = 0;
    engine.rules.forEach((r, i) => {
      if (r.key) place[i] = n++;
    });
    const seen = new Int32Array(1 << SEEN_BITS);
    const recent = new Array<KeyVerdicts | undefined>(RECENT).fill(undefined);
    const words = Math.ceil(n / KEYED_PER_WORD);
    const needs = keyNeeds(engine);
    const grams = engineGrams(engine, needs);
    const mayTakeIn =
      grams === null ? undefined : (t: string, s: number, x: number) => mayHoldIn(grams, t, s, x);
    e = { names: new Map(), seen, recent, place, words, grams, needs, mayTakeIn };
    byEngine.set(engine, e);
  }
  lastEngine = engine;
  last = e;
  return e;
}

/** Names kept (then the cache starts over). */
const NAMES_MAX = 20_000;

/** The verdicts of a name, kept from now on. */
function verdictsOf(e: EngineVerdicts, key: string): KeyVerdicts {
  // Small, so that it inlines where names are asked: nearly every ask finds the name kept.
  return e.names.get(key) ?? keep(e, key);
}

/** A new record of a name's verdicts, kept. */
function keep(e: EngineVerdicts, key: string): KeyVerdicts {
  const own = detached(key);
  const verdicts: number[] = [];
  for (let w = e.words; w > 0; w--) verdicts.push(0);
  // Normalised here, not through normalizeKey's cache: this cache keeps the answer.
  const v = {
    name: own,
    norm: normalizeUncached(own),
    folded: foldedAscii(own),
    verdicts,
    wanted: false,
    wantedIn: 0,
  };
  if (e.names.size >= NAMES_MAX) e.names.clear();
  e.names.set(own, v);
  return v;
}

/** Slots of EngineVerdicts.recent. */
const RECENT = 64;

/**
 * A name's slot among the recent ones, from its length and its first and last characters. Most asks
 * are of a few names over and over (`name`, `value`, `id` in each row of a one-line JSON dump: a
 * million asks in its history): comparing a name with the one in its slot costs less than the Map's
 * hashing of a name just cut from a text.
 */
function recentSlot(key: string): number {
  const n = key.length;
  return n === 0 ? 0 : (n * 7 + key.charCodeAt(0) + key.charCodeAt(n - 1) * 3) & (RECENT - 1);
}

/** Slots of EngineVerdicts.seen: 2^14. */
const SEEN_BITS = 14;

/**
 * Whether a filter asked about `key` lately (its fingerprint is in its slot); it is now. A name is kept
 * only when asked a second time. A data dump of 130,000 rows, each under a name of its own, made a
 * record per name when names asked once were kept among 2,000 fresh ones: without them, scanning the
 * dump takes 620 → 530 ms in a new process, 470 → 370 ms warm. Two names with one fingerprint in one
 * slot, or a name whose slot another took since, only cost it being kept, or judged again.
 */
function seenBefore(e: EngineVerdicts, key: string): boolean {
  // FNV-1a, never 0 (an empty slot).
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h |= 1;
  const slot = h >>> (32 - SEEN_BITS);
  if (e.seen[slot] === h) return true;
  e.seen[slot] = h;
  return false;
}

/** Whether a name is secret-named and not excluded (the generic judge's test) in its normal form. */
function secretNorm(norm: string, engine: Engine): boolean {
  return secretNamedKey(norm, engine.global);
}

/** Whether a keyed rule's key test takes a name, as written or in its normal form. */
function keyTest(rule: Rule, key: string, norm: string): boolean {
  return rule.key!.test(key) || (norm !== key && rule.key!.test(norm));
}

/** Whether any of `rules` takes a name asked about for the first time lately; nothing is kept. */
function takenOnce(e: EngineVerdicts, rules: readonly number[], key: string, engine: Engine): boolean {
  const norm = normalizeUncached(key);
  const folded = foldedAscii(key);
  let named: boolean | undefined;
  for (let k = 0; k < rules.length; k++) {
    const ri = rules[k]!;
    const rule = engine.rules[ri]!;
    if (rule.generic) {
      if (named === undefined) named = secretNorm(norm, engine);
      if (!named) continue;
    }
    if (!mayNeed(e.needs[ri]!, folded)) continue;
    if (keyTest(rule, key, norm)) return true;
  }
  return false;
}

/**
 * A name folded as regex-needs.ts folds (ASCII letters in lower case, digits); undefined when it holds
 * anything else, whose case folding could make letters the fold leaves out.
 */
function foldedAscii(key: string): string | undefined {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 127) return undefined;
  return fold(key);
}

/**
 * Whether a key test needing `needs` may take the name folded as `folded` (undefined: not known).
 * Its normal form folds the same, so one answer serves both of keyTest's tests.
 */
function mayNeed(needs: readonly string[] | null, folded: string | undefined): boolean {
  if (needs === null || folded === undefined) return true;
  for (const w of needs) if (folded.includes(w)) return true;
  return false;
}

/** Whether the name is secret-named (and not excluded), as the generic judge decides; asked once. */
function secretNamed(v: KeyVerdicts, engine: Engine): boolean {
  if (v.named === undefined) v.named = secretNorm(v.norm, engine);
  return v.named;
}

/** Whether keyed rule `ri` takes values under the name `key` (whose verdicts are `v`); asked once. */
function passes(e: EngineVerdicts, v: KeyVerdicts, ri: number, key: string, engine: Engine): boolean {
  const at = e.place[ri]!;
  const word = (at / KEYED_PER_WORD) | 0;
  const shift = (at % KEYED_PER_WORD) * 2;
  const verdict = (v.verdicts[word]! >> shift) & 3;
  if (verdict !== 0) return verdict === 1;
  const rule = engine.rules[ri]!;
  // Generic rules stand only under secret-named keys (judge.ts would drop the rest): a structured
  // file's every other scalar never becomes a candidate.
  const pass =
    (!rule.generic || secretNamed(v, engine)) &&
    mayNeed(e.needs[ri]!, v.folded) &&
    keyTest(rule, key, v.norm);
  v.verdicts[word]! |= (pass ? 1 : 2) << shift;
  return pass;
}

/** `rules`: indexes of the enabled keyed rules, in the order they were enabled. */
export function matchKeyed(
  rules: readonly number[],
  kv: KeyValue,
  out: Candidate[],
  engine: Engine,
  taken?: Int32Array,
  cap = Number.POSITIVE_INFINITY,
): void {
  const e = verdictsFor(engine);
  const v = verdictsOf(e, kv.key);
  for (let k = 0; k < rules.length; k++) {
    const ri = rules[k]!;
    if (!passes(e, v, ri, kv.key, engine)) continue;
    const rule = engine.rules[ri]!;
    const m = rule.regex.exec(kv.value);
    const span = m?.indices?.[1];
    const secret = m?.[1];
    if (!span || !secret) continue;
    // Past `cap` matches of a rule (counted in `taken`), a match is counted, not kept: the caller
    // reports the cap.
    if (taken !== undefined && ++taken[ri]! > cap) continue;
    // Map the capture back to text offsets when the value is verbatim in the text.
    const verbatim = kv.end - kv.start === kv.value.length;
    const start = verbatim ? kv.start + span[0] : kv.start;
    const end = verbatim ? kv.start + span[1] : kv.end;
    out.push({
      ruleId: rule.id,
      secret,
      start,
      end,
      entropy: shannonEntropy(secret),
      keyPath: kv.spans?.path(kv.span),
      priority: rule.priority,
      detail: kv.key,
    });
  }
}

/**
 * Whether any of `rules` (indexes of enabled keyed rules) takes a name. A name repeats within a text
 * (`"name"` 40,000 times in a dump): each filter answers it once.
 */
export function keyFilter(engine: Engine, rules: readonly number[]): KeyFilter {
  const id = ++filters;
  const e = verdictsFor(engine);
  const recent = e.recent;
  const filter: { (key: string): boolean; mayTakeIn?: KeyFilter["mayTakeIn"] } = (key) => {
    const slot = recentSlot(key);
    let v = recent[slot];
    if (v === undefined || v.name !== key) {
      // A name no keyed rule can take (most of a dump's random names) stops here.
      if (e.grams !== null && !mayHold(e.grams, key)) return false;
      v = e.names.get(key);
      if (v === undefined) {
        if (!seenBefore(e, key)) return takenOnce(e, rules, key, engine);
        v = keep(e, key);
      }
      recent[slot] = v;
    }
    if (v.wantedIn !== id) {
      v.wantedIn = id;
      v.wanted = false;
      for (let k = 0; k < rules.length; k++) {
        if (passes(e, v, rules[k]!, key, engine)) {
          v.wanted = true;
          break;
        }
      }
    }
    return v.wanted;
  };
  // The grams test is the filter's own first step for a name it has not answered lately: a name that
  // fails it is one the filter turns down.
  if (e.mayTakeIn !== undefined) filter.mayTakeIn = e.mayTakeIn;
  return filter;
}
