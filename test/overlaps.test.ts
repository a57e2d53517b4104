import { describe, expect, it } from "vitest";
import { resolveOverlaps } from "../src/detect/detect.js";
import type { Candidate } from "../src/types.js";

/** The definition: best first (priority, then length, then input order), keep what overlaps nothing kept. */
function naive(cands: readonly Candidate[]): Candidate[] {
  const sorted = cands
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.priority - a.c.priority || b.c.end - b.c.start - (a.c.end - a.c.start) || a.i - b.i)
    .map((x) => x.c);
  const kept: Candidate[] = [];
  for (const c of sorted) if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function cand(ruleId: string, start: number, end: number, priority: number): Candidate {
  return { ruleId, secret: `s${start}-${end}`, start, end, entropy: 3, priority };
}

describe("resolveOverlaps", () => {
  it("keeps the higher priority, then the longer span, then the earlier candidate", () => {
    const a = cand("a", 0, 10, 1);
    const b = cand("b", 5, 30, 0);
    const c = cand("c", 20, 25, 2);
    const d = cand("d", 40, 50, 0);
    const e = cand("e", 40, 50, 0);
    expect(resolveOverlaps([a, b, c, d, e]).map((x) => x.ruleId)).toEqual(["a", "c", "d"]);
  });

  it("treats spans that only touch as separate, and a chain of overlaps as one contest", () => {
    // x overlaps y, y overlaps z, x and z do not: y wins on priority, so x and z both lose.
    const x = cand("x", 0, 10, 0);
    const y = cand("y", 8, 22, 5);
    const z = cand("z", 20, 30, 0);
    const t = cand("t", 30, 35, 0);
    expect(resolveOverlaps([x, y, z, t]).map((c) => c.ruleId)).toEqual(["y", "t"]);
    // Without y, x and z survive side by side.
    expect(resolveOverlaps([x, z, t]).map((c) => c.ruleId)).toEqual(["x", "z", "t"]);
  });

  it("matches the pairwise definition on random spans, empty spans included", () => {
    const next = rng(7);
    for (let round = 0; round < 400; round++) {
      const n = 1 + Math.floor(next() * 40);
      const width = 5 + Math.floor(next() * 200);
      const cands: Candidate[] = [];
      for (let i = 0; i < n; i++) {
        const start = Math.floor(next() * width);
        const len = next() < 0.1 ? 0 : 1 + Math.floor(next() * 30);
        cands.push(cand(`r${Math.floor(next() * 5)}`, start, start + len, Math.floor(next() * 3)));
      }
      expect(resolveOverlaps(cands)).toEqual(naive(cands));
    }
  });

  it("resolves 50,000 separate candidates (a pairwise pass would not finish in the test timeout)", () => {
    const cands = Array.from({ length: 50_000 }, (_, i) => cand("p", i * 10, i * 10 + 6, 0));
    const kept = resolveOverlaps(cands);
    expect(kept).toHaveLength(50_000);
    expect(kept[49_999]!.start).toBe(499_990);
  });
});
