/**
 * A quick "no" for key names no keyed rule can take: every keyed rule's key test (and, for a generic
 * rule, the secret-named test) needs one of a few words (regex-needs.ts); a name whose folded form holds
 * none of them, checked by the words' first one to three characters, is taken by none. Most names of a
 * data dump (`{"name": "n1dnhtp2", "value": …}` rows, 130,000 names each asked once) end here, before a
 * hash, a cache or a regex. Pure.
 */
import type { Engine } from "./engine.js";
import { better, type Needs, regexNeeds } from "./regex-needs.js";

/** Which one- to three-character grams (folded) start a needed word. */
export interface NameGrams {
  readonly one: Uint8Array;
  readonly two: Uint8Array;
  readonly three: Uint8Array;
}

/** ASCII code → place among the 36 folded characters (digits, then letters), or -1: dropped. */
const PLACE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) PLACE[48 + c] = c;
for (let c = 0; c < 26; c++) {
  PLACE[65 + c] = 10 + c;
  PLACE[97 + c] = 10 + c;
}

/** The grams of needed words (folded, none empty): each word's first three characters, or all of it. */
export function nameGrams(words: readonly string[]): NameGrams {
  const g = { one: new Uint8Array(36), two: new Uint8Array(36 * 36), three: new Uint8Array(36 * 36 * 36) };
  for (const w of words) {
    const p = [...w.slice(0, 3)].map((c) => PLACE[c.charCodeAt(0)]!);
    if (p.length === 0 || p.some((x) => x === undefined || x < 0)) throw new Error(`not a folded word: ${w}`);
    if (p.length === 1) g.one[p[0]!] = 1;
    else if (p.length === 2) g.two[p[0]! * 36 + p[1]!] = 1;
    else g.three[(p[0]! * 36 + p[1]!) * 36 + p[2]!] = 1;
  }
  return g;
}

/**
 * Whether a name's folded form may hold a needed word: false only when it holds none of the grams. A
 * name with a character outside ASCII may (its folding is not this one).
 */
export function mayHold(g: NameGrams, name: string): boolean {
  return mayHoldIn(g, name, 0, name.length);
}

/** mayHold of the name written at text[start, end), without cutting it from the text. */
export function mayHoldIn(g: NameGrams, text: string, start: number, end: number): boolean {
  let p1 = -1;
  let p2 = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return true;
    const x = PLACE[c]!;
    if (x < 0) continue;
    if (g.one[x] === 1) return true;
    if (p1 >= 0) {
      if (g.two[p1 * 36 + x] === 1) return true;
      if (p2 >= 0 && g.three[(p2 * 36 + p1) * 36 + x] === 1) return true;
    }
    p2 = p1;
    p1 = x;
  }
  return false;
}

/** Rule index → what its key test needs (regexNeeds), null for a rule without one. */
export function keyNeeds(engine: Engine): Needs[] {
  return engine.rules.map((r) => (r.key ? regexNeeds(r.key) : null));
}

/**
 * The grams of every word the engine's keyed rules need, or null when some keyed rule's need is not
 * known (then every name is asked in full). A generic rule takes only secret-named keys, so it needs the
 * better of its own words and the secret-named test's. `ruleNeeds`: keyNeeds(engine), when made already.
 */
export function engineGrams(engine: Engine, ruleNeeds = keyNeeds(engine)): NameGrams | null {
  const named = regexNeeds(engine.global.secretKey);
  const words: string[] = [];
  for (const [ri, rule] of engine.rules.entries()) {
    if (!rule.key) continue;
    const own = ruleNeeds[ri]!;
    const needs = rule.generic ? better(own, named) : own;
    if (needs === null) return null;
    for (const w of needs) words.push(w);
  }
  return nameGrams(words);
}
