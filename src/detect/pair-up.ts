/**
 * Credentials written as two values of one object, each found by its own rule (Rule.pairedWith),
 * reported once. Pure.
 */
import type { Pairing } from "../rules/types.js";
import type { Annotation, Candidate, KeySeg, PairedMatch, SpanList } from "../types.js";
import { listOf, pathAt, sameParent } from "../util/span-list.js";
import type { Engine } from "./engine.js";

/**
 * One credential written as two values of one object, each its own rule's match (Rule.pairedWith: a
 * Google Cloud key file's `private_key_id` and its `private_key`, an AWS access key's id and secret):
 * reported once, where the secret is (the other value), under the rule the pair names (`report_as`);
 * the first match is dropped (`paired`). A match's key path is its own, or the path of the value it
 * lies in (as its finding's: build.ts); the match kept says where the dropped ones were (`pairedAt`).
 * Pairs are found first, then applied: a match renamed by one pair is never taken for another rule's
 * match by the next.
 */
export function pairUp(
  kept: Candidate[],
  engine: Engine,
  dropped: Record<string, number>,
  keys: Annotation | undefined,
): Candidate[] {
  if (keys === undefined || !kept.some((c) => engine.byId.get(c.ruleId)!.pairedWith !== undefined))
    return kept;
  let list: SpanList | undefined;
  const pathOf = (d: Candidate) => {
    list ??= listOf(keys);
    return d.keyPath ?? pathAt(list, d.start);
  };
  // Made at the first pair: most files hold none.
  let gone: Set<Candidate> | undefined;
  let renamed: Map<Candidate, string> | undefined;
  let halves: Map<Candidate, PairedMatch[]> | undefined;
  for (const c of kept) {
    const pair = engine.byId.get(c.ruleId)!.pairedWith;
    if (pair === undefined) continue;
    const other = otherHalf(c, pair, kept, pathOf);
    if (other === undefined) continue;
    if (gone === undefined) gone = new Set();
    if (renamed === undefined) renamed = new Map();
    if (halves === undefined) halves = new Map();
    gone.add(c);
    if (pair.reportAs !== pair.rule) renamed.set(other, c.ruleId);
    const half: PairedMatch = { ruleId: c.ruleId, start: c.start, end: c.end, keyPath: pathOf(c) };
    halves.set(other, [...(halves.get(other) ?? []), half]);
    dropped.paired = (dropped.paired ?? 0) + 1;
  }
  if (gone === undefined) return kept;
  const out: Candidate[] = [];
  for (const c of kept) {
    if (gone.has(c)) continue;
    const pairedAt = halves?.get(c);
    if (pairedAt === undefined) out.push(c);
    else out.push({ ...c, ruleId: renamed?.get(c) ?? c.ruleId, pairedAt });
  }
  return out;
}

/**
 * The match of `pair.rule` that holds the other half of `c`'s credential: in `c`'s object (under the
 * pair's key, when it names one), the one whose name starts most like `c`'s, when `c` is also the match
 * of its own rule there that starts most like it. One of each in an object always pair; two key ids
 * and two secrets written flat in one `.env` pair by their names' prefixes (`PROD_…` with `PROD_…`),
 * and not at all when the prefixes do not tell them apart.
 */
function otherHalf(
  c: Candidate,
  pair: Pairing,
  all: readonly Candidate[],
  pathOf: (d: Candidate) => readonly KeySeg[] | undefined,
): Candidate | undefined {
  const path = pathOf(c);
  if (path === undefined) return undefined;
  const partners: Candidate[] = [];
  const twins: Candidate[] = [];
  for (const d of all) {
    if (d.ruleId !== pair.rule && d.ruleId !== c.ruleId) continue;
    const own = pathOf(d);
    if (own === undefined || !sameParent(path, own)) continue;
    if (d.ruleId === c.ruleId) twins.push(d);
    else if (pair.key === undefined || own[own.length - 1] === pair.key) partners.push(d);
  }
  const other = closest(c, partners, pathOf);
  return other !== undefined && closest(other, twins, pathOf) === c ? other : undefined;
}

/** The one of `among` whose name (last key) shares the longest start with `c`'s; undefined on a tie. */
function closest(
  c: Candidate,
  among: readonly Candidate[],
  pathOf: (d: Candidate) => readonly KeySeg[] | undefined,
): Candidate | undefined {
  if (among.length === 1) return among[0];
  const name = lastName(pathOf(c));
  let best: Candidate | undefined;
  let most = -1;
  let tied = false;
  for (const d of among) {
    const other = lastName(pathOf(d));
    let n = 0;
    while (n < name.length && n < other.length && name[n] === other[n]) n++;
    if (n > most) [best, most, tied] = [d, n, false];
    else if (n === most) tied = true;
  }
  return tied ? undefined : best;
}

function lastName(path: readonly KeySeg[] | undefined): string {
  return path === undefined || path.length === 0 ? "" : String(path[path.length - 1]).toLowerCase();
}
