/**
 * One fragment through the pure part of the pipeline: detect → judge → overlaps → findings.
 * Used by the scan and by `rules check`, so rule examples run through exactly what users get.
 */
import { detect, resolveOverlaps } from "./detect/detect.js";
import type { Engine } from "./detect/engine.js";
import { judge } from "./detect/judge.js";
import { type BuildContext, buildFindings } from "./findings/build.js";
import { isCode } from "./sources/classify.js";
import type { Candidate, Finding, Fragment } from "./types.js";

export interface FragmentResult {
  readonly findings: Finding[];
  readonly dropped: Record<string, number>;
  readonly allowed: number;
}

export function judgeCandidates(
  cands: readonly Candidate[],
  engine: Engine,
  dropped: Record<string, number>,
): Candidate[] {
  const kept: Candidate[] = [];
  for (const c of cands) {
    const rule = engine.byId.get(c.ruleId)!;
    const reason = judge(c, rule, { global: engine.global, prefixes: engine.prefixes });
    if (reason) dropped[reason] = (dropped[reason] ?? 0) + 1;
    else kept.push(c);
  }
  return resolveOverlaps(kept);
}

export function scanFragment(
  frag: Fragment,
  engine: Engine,
  ctx: BuildContext,
  only?: ReadonlySet<number>,
): FragmentResult {
  const dropped: Record<string, number> = {};
  const cands = detect(
    { text: frag.text, keys: frag.keys, code: isCode(frag.origin.path, frag.context) },
    engine,
    only ? { only } : {},
  );
  if (cands.length === 0) return { findings: [], dropped, allowed: 0 };
  const kept = judgeCandidates(cands, engine, dropped);
  const built = buildFindings(frag, kept, ctx);
  return { findings: built.findings, dropped, allowed: built.allowed };
}
