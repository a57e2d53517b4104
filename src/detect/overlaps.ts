/** Overlap resolution of a fragment's candidates: where spans overlap, the best one stays. Pure. */
import type { Candidate } from "../types.js";
import { compareText } from "../util/strings.js";

/**
 * On overlapping spans keep the best candidate: higher priority, then the longer secret, then the
 * rule that came first. Greedy in that order: a candidate stays unless it overlaps one already kept
 * (see overlap: candidates of one decoded view compare their places in it).
 *
 * Only candidates that overlap can affect each other, so the greedy pass runs within each cluster
 * of transitively overlapping spans (found by one sweep in start order). A file with thousands of
 * separate findings costs a sort, not a comparison of every pair.
 */
export function resolveOverlaps(cands: readonly Candidate[]): Candidate[] {
  if (cands.length < 2) return [...cands];
  const order = cands.map((_, i) => i).sort((a, b) => cands[a]!.start - cands[b]!.start || a - b);
  const kept: number[] = [];
  let from = 0;
  let maxEnd = -1;
  for (let k = 0; k <= order.length; k++) {
    const c = k < order.length ? cands[order[k]!]! : undefined;
    if (c && (k === from || c.start < maxEnd)) {
      maxEnd = Math.max(maxEnd, c.end);
      continue;
    }
    greedy(cands, order.slice(from, k), kept);
    from = k;
    maxEnd = c ? c.end : -1;
  }
  // Same start and rule (beside an empty span, or secrets of one decoded view): the better first.
  kept.sort((i, j) => {
    const a = cands[i]!;
    const b = cands[j]!;
    return a.start - b.start || compareText(a.ruleId, b.ruleId) || better(cands, i, j);
  });
  return kept.map((i) => cands[i]!);
}

/** Order of preference: higher priority, then the longer span, then the earlier candidate. */
function better(cands: readonly Candidate[], i: number, j: number): number {
  const a = cands[i]!;
  const b = cands[j]!;
  return b.priority - a.priority || b.end - b.start - (a.end - a.start) || i - j;
}

/** The greedy pass over one cluster (indices into `cands`), appending the survivors to `kept`. */
function greedy(cands: readonly Candidate[], cluster: number[], kept: number[]): void {
  if (cluster.length === 1) {
    kept.push(cluster[0]!);
    return;
  }
  cluster.sort((i, j) => better(cands, i, j));
  const mark = kept.length;
  for (const i of cluster) {
    const c = cands[i]!;
    let clash = false;
    for (let n = mark; n < kept.length && !clash; n++) clash = overlap(c, cands[kept[n]!]!);
    if (!clash) kept.push(i);
  }
}

/**
 * Whether two candidates' spans overlap; two of one decoded view that could not be placed in their
 * value (Candidate.view) overlap where they were in that view, their spans being the whole value.
 */
function overlap(a: Candidate, b: Candidate): boolean {
  if (a.view && b.view && a.view.id === b.view.id)
    return a.view.start < b.view.end && b.view.start < a.view.end;
  return a.start < b.end && b.start < a.end;
}
