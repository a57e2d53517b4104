/**
 * Keyed rules over key/value pairs: which names a rule takes (asked once per name and rule, per engine),
 * and the candidates of a pair. Pure, with per-thread caches.
 */
import type { Candidate } from "../types.js";
import { detached } from "../util/strings.js";
import type { KeyFilter, KeyValue } from "./assign.js";
import type { Engine } from "./engine.js";
import { shannonEntropy } from "./entropy.js";
import { normalizeUncached } from "./key-name.js";

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
  /**
   * Names asked once lately (at most FRESH_MAX; see verdictsOf): asked again while here, a name moves
   * to `names`.
   */
  readonly fresh: Map<string, KeyVerdicts>;
  /** Rule index → its place among the engine's keyed rules (-1: not keyed). */
  readonly place: Int32Array;
  /** Words per name (KEYED_PER_WORD places to a word). */
  readonly words: number;
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
    e = { names: new Map(), fresh: new Map(), place, words: Math.ceil(n / KEYED_PER_WORD) };
    byEngine.set(engine, e);
  }
  lastEngine = engine;
  last = e;
  return e;
}

/** Names kept for good (then the cache starts over). */
const NAMES_MAX = 20_000;
/** Names asked once that are kept in case they come again. */
const FRESH_MAX = 2_000;

/**
 * The verdicts of a name. A name is first kept among the fresh ones, and for good only once it is asked
 * again (it stays among the fresh ones too until they start over). A data dump of 130,000 rows, each
 * under a name of its own, kept every name until the cache was full, so each outlived a young-generation
 * collection and was copied by it: scavenges 140 → 81 ms on that dump with the fresh names dropped after
 * 2,000. The names that repeat (a code base's keys, a config's fields) come again well within 2,000 new
 * ones; one that does not is judged again, as a new name is.
 */
function verdictsOf(e: EngineVerdicts, key: string): KeyVerdicts {
  // Small, so that it inlines where names are asked: nearly every ask finds the name kept.
  return e.names.get(key) ?? unkept(e, key);
}

/** verdictsOf for a name not kept for good: a fresh one asked again, or a new one. */
function unkept(e: EngineVerdicts, key: string): KeyVerdicts {
  let v = e.fresh.get(key);
  if (v !== undefined) {
    if (e.names.size >= NAMES_MAX) e.names.clear();
    e.names.set(v.name, v);
    return v;
  }
  const own = detached(key);
  const verdicts: number[] = [];
  for (let w = e.words; w > 0; w--) verdicts.push(0);
  // Normalised here, not through normalizeKey's cache: this cache keeps the answer.
  v = { name: own, norm: normalizeUncached(own), verdicts, wanted: false, wantedIn: 0 };
  if (e.fresh.size >= FRESH_MAX) e.fresh.clear();
  e.fresh.set(own, v);
  return v;
}

/** Whether the name is secret-named (and not excluded), as the generic judge decides; asked once. */
function secretNamed(v: KeyVerdicts, engine: Engine): boolean {
  if (v.named === undefined) {
    const g = engine.global;
    v.named = g.secretKey.test(v.norm) && !g.notSecretKey.test(v.norm);
  }
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
    (rule.key!.test(key) || (v.norm !== key && rule.key!.test(v.norm)));
  v.verdicts[word]! |= (pass ? 1 : 2) << shift;
  return pass;
}

/** `rules`: indexes of the enabled keyed rules, in the order they were enabled. */
export function matchKeyed(rules: readonly number[], kv: KeyValue, out: Candidate[], engine: Engine): void {
  const e = verdictsFor(engine);
  const v = verdictsOf(e, kv.key);
  for (const ri of rules) {
    if (!passes(e, v, ri, kv.key, engine)) continue;
    const rule = engine.rules[ri]!;
    const m = rule.regex.exec(kv.value);
    const span = m?.indices?.[1];
    const secret = m?.[1];
    if (!span || !secret) continue;
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
      keyPath: kv.keyPath,
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
  return (key) => {
    const v = verdictsOf(e, key);
    if (v.wantedIn !== id) {
      v.wantedIn = id;
      v.wanted = false;
      for (const ri of rules) {
        if (passes(e, v, ri, key, engine)) {
          v.wanted = true;
          break;
        }
      }
    }
    return v.wanted;
  };
}
