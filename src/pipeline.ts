/**
 * One fragment through the pure part of the pipeline: detect → judge → overlaps → findings.
 * Used by the scan and by `rules check`, so rule examples run through exactly what users get.
 */

import { base64Text, decodedViews, escapedOffset, mayDecode } from "./detect/decode.js";
import { detect, resolveOverlaps } from "./detect/detect.js";
import type { Engine } from "./detect/engine.js";
import { judge } from "./detect/judge.js";
import { type BuildContext, buildFindings } from "./findings/build.js";
import { isCode, isTranslations } from "./sources/classify.js";
import { annotate } from "./structure/index.js";
import type { Candidate, Finding, Fragment } from "./types.js";
import { listOf, spanOf } from "./util/span-list.js";

export interface FragmentResult {
  readonly findings: Finding[];
  readonly dropped: Record<string, number>;
  readonly allowed: number;
}

export function judgeCandidates(
  cands: readonly Candidate[],
  engine: Engine,
  dropped: Record<string, number>,
  text?: string,
  docs = false,
  path = "",
): Candidate[] {
  const kept: Candidate[] = [];
  const ctx = {
    global: engine.global,
    prefixes: engine.prefixes,
    text,
    docs,
    translations: path !== "" && isTranslations(path),
    python: path.endsWith(".py"),
  };
  for (const c of cands) {
    const rule = engine.byId.get(c.ruleId)!;
    const reason = judge(c, rule, ctx);
    if (reason) dropped[reason] = (dropped[reason] ?? 0) + 1;
    else kept.push(c);
  }
  return resolveOverlaps(kept);
}

/**
 * Candidates from decoded views of structured values (base64, escaped, URL-encoded), mapped to the
 * encoded span (an escaped string's, exactly to the secret). The key name is kept in front of the
 * decoded text so keyed rules still apply.
 */
function decodedCandidates(frag: Fragment, engine: Engine, only?: ReadonlySet<number>): Candidate[] {
  const out: Candidate[] = [];
  if (!frag.keys) return out;
  const list = listOf(frag.keys);
  for (const i of mayDecode(frag.text, list)) {
    const views = decodedViews(list, i);
    if (views.length === 0) continue; // most values: no iterator made
    const span = spanOf(list, i);
    for (const view of views) {
      const key = [...span.path].reverse().find((p) => typeof p === "string") ?? "value";
      const text = `${key}: ${view.text}`;
      // An escaped string is the text itself, one escape a character: its hits map back exactly.
      const escaped = view.kind === "json-escape";
      const at = (k: number) => escapedOffset(frag.text, span.start, k - key.length - 2);
      for (const c of detect({ text, code: false }, engine, only ? { only } : {})) {
        if (c.start < key.length + 2) continue;
        out.push({
          ...c,
          start: escaped ? at(c.start) : span.start,
          end: escaped ? at(c.end) : span.end,
          keyPath: span.path,
          decoded: view.kind,
          priority: c.priority - 1,
        });
      }
      // One level deeper: a base64 value holding JSON with base64 inside (.dockerconfigjson).
      if (view.kind === "base64" && /^\s*[{[]/.test(view.text)) {
        const inner = listOf(annotate(view.text, "json"));
        for (let j = 0; j < inner.length; j++) {
          const b = base64Text(inner.value(j));
          if (!b) continue;
          for (const c of detect(
            { text: `${String(inner.last(j))}: ${b}`, code: false },
            engine,
            only ? { only } : {},
          )) {
            out.push({
              ...c,
              start: span.start,
              end: span.end,
              keyPath: span.path,
              decoded: "base64",
              priority: c.priority - 1,
            });
          }
        }
      }
    }
  }
  return out;
}

export function scanFragment(
  frag: Fragment,
  engine: Engine,
  ctx: BuildContext,
  only?: ReadonlySet<number>,
): FragmentResult {
  const dropped: Record<string, number> = {};
  const direct = detect(
    {
      text: frag.text,
      keys: frag.keys,
      code: isCode(frag.origin.path, frag.context),
      hits: frag.hits,
      plan: frag.plan,
    },
    engine,
    only ? { only, dropped } : { dropped },
  );
  const cands = frag.keys ? [...direct, ...decodedCandidates(frag, engine, only)] : direct;
  if (cands.length === 0) return { findings: [], dropped, allowed: 0 };
  const kept = judgeCandidates(
    cands,
    engine,
    dropped,
    frag.text,
    frag.context.fileKind === "docs",
    frag.origin.path,
  );
  const built = buildFindings(frag, kept, ctx);
  return { findings: built.findings, dropped, allowed: built.allowed };
}
