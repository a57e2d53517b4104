/**
 * One working-tree file through classification, structure, detection and judging. Pure given the
 * prepared rules: runs the same on the main thread and in worker threads.
 */
import type { BuildContext } from "./findings/build.js";
import { brokenReferences } from "./findings/references.js";
import { scanFragment } from "./pipeline.js";
import type { Prepared } from "./scan.js";
import type { FileEntry } from "./sources/worktree.js";
import { annotate } from "./structure/index.js";
import { warmYamlPath } from "./structure/yaml-warm.js";
import type { Annotation, Diagnostic, Finding, Fragment, SlowFile, StructFormat } from "./types.js";
import { append } from "./util/arrays.js";
import { tierDown, tierUpFor, withEagerFeedback } from "./util/tier-up.js";

export interface FileResult {
  readonly findings: Finding[];
  readonly diagnostics: Diagnostic[];
  readonly dropped: Record<string, number>;
  readonly allowed: number;
  /** A worker's timed history blocks, slowest first (slowest.ts). */
  readonly slow?: SlowFile[];
}

/** The result of a file nothing can come of (frozen: shared by every such file). */
const NOTHING = Object.freeze({
  findings: Object.freeze([]),
  diagnostics: Object.freeze([]),
  dropped: Object.freeze({}),
  allowed: 0,
}) as unknown as FileResult;

/** What building a finding needs besides the prepared rules (the same on every thread). */
export function contextFor(prep: Prepared, pathPrefix: string, root: string): BuildContext {
  return { rules: prep.ruleset.byId, clients: new Map(prep.clients.map((c) => [c.id, c])), pathPrefix, root };
}

/** Adds drop-reason counts (`from`) into `into`. */
export function addDropped(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const k in from) into[k] = (into[k] ?? 0) + from[k]!;
}

/**
 * A file's keyword hits when found already: as the automaton found them (`hits`), or planned by the
 * reading thread (`plan`, hit-plan.ts).
 */
export interface FoundHits {
  readonly hits?: Int32Array;
  readonly plan?: Int32Array;
}

/**
 * The YAML warm-up on this thread: not asked for, asked for before the next YAML text
 * (warmYamlForTree), or done (once a thread at most).
 */
let yamlWarmUp: "no" | "wanted" | "done" = "no";

/**
 * Trees with at least this many files named `.yaml` or `.yml` get the YAML warm-up. It costs 6-8 ms
 * and saved about 40 µs a YAML file (the bench's 2,000-file YAML tree 0.94 in turns, 3,466 Ansible
 * files from Debian's packages 0.96): it pays from about 200 files.
 */
export const WARM_YAML_FILES = 200;

/**
 * Before a tree of many YAML files (WARM_YAML_FILES), the YAML fast path is warmed up at the first
 * one this thread annotates (structure/yaml-warm.ts), once.
 */
export function warmYamlForTree(paths: readonly { readonly path: string }[]): void {
  if (yamlWarmUp !== "no") return;
  let n = 0;
  for (const { path } of paths) {
    if ((path.endsWith(".yaml") || path.endsWith(".yml")) && ++n >= WARM_YAML_FILES) {
      yamlWarmUp = "wanted";
      return;
    }
  }
}

/**
 * A file's structure when its format has one, a YAML text under V8's own tier-up pace
 * (util/tier-up.ts): for the working tree's files and a history's files read whole alike.
 */
export function annotateAs(text: string, format: StructFormat | undefined): Annotation | undefined {
  if (!format) return undefined;
  const lowered = tierUpFor(format);
  if (yamlWarmUp === "wanted" && format === "yaml") {
    yamlWarmUp = "done";
    withEagerFeedback(warmYamlPath);
  }
  const keys = annotate(text, format);
  tierDown(lowered);
  return keys;
}

export function scanFile(
  entry: FileEntry,
  text: string,
  prep: Prepared,
  ctx: BuildContext,
  found: FoundHits = {},
): FileResult {
  const diagnostics: Diagnostic[] = [];
  const context = prep.classifier.classify(entry.path, text.slice(0, 4096));
  // No structure and no rule with a keyword here: nothing can come of this file (most files of a code
  // base). A plan starts with its count of rules.
  if (!context.format && (found.hits?.length === 0 || found.plan?.[0] === 0)) return NOTHING;
  const keys = annotateAs(text, context.format);
  if (keys?.error) {
    diagnostics.push({
      code: "parse-failed",
      severity: "info",
      path: ctx.pathPrefix + entry.path,
      detail: `${context.format} parse failed${keys.error.line ? ` at line ${keys.error.line}` : ""}: ${keys.error.message}; scanned as text`,
    });
  }
  const client = context.client ? prep.clients.find((c) => c.id === context.client) : undefined;
  if (client && keys && !keys.error)
    append(diagnostics, brokenReferences(text, keys, client, ctx.pathPrefix + entry.path));
  const frag: Fragment = {
    text,
    origin: { kind: "file", path: entry.path, exposure: entry.exposure },
    firstLine: 1,
    context,
    keys,
    ...(found.hits ? { hits: found.hits } : {}),
    ...(found.plan ? { plan: found.plan } : {}),
  };
  const res = scanFragment(frag, prep.engine, ctx);
  return { findings: res.findings, diagnostics, dropped: res.dropped, allowed: res.allowed };
}
