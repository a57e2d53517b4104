/**
 * Working-tree files in batches: read (sync, the same system calls as the plainest read loop), then
 * the pure per-file pipeline. The main thread and every worker run this same loop, each claiming the
 * next batch from one shared counter, so the cores stay busy whatever the file sizes are and no file
 * text crosses a thread boundary.
 */
import type { BuildContext } from "./findings/build.js";
import type { Prepared } from "./scan.js";
import { addDropped, type FoundHits, scanFile, warmYamlForTree } from "./scan-file.js";
import { keepSlow } from "./slowest.js";
import { type ReadResult, readFileSafe } from "./sources/read.js";
import type { FileEntry } from "./sources/worktree.js";
import type { TreeCopies } from "./tree-copies.js";
import type { Diagnostic, Finding, SlowFile } from "./types.js";
import { append } from "./util/arrays.js";
import { tierDown, tierUp } from "./util/tier-up.js";

export interface TreeJob {
  readonly dir: string;
  /** The scan root with symlinks resolved: links are never followed out of it. */
  readonly realRoot: string;
  readonly maxBytes: number;
  readonly files: readonly FileEntry[];
  readonly pathPrefix: string;
  readonly root: string;
  /** Each file's scan is timed, and the slowest kept (TreeResult.slow). */
  readonly timed?: boolean;
}

export interface TreeResult {
  readonly findings: Finding[];
  readonly diagnostics: Diagnostic[];
  readonly dropped: Record<string, number>;
  allowed: number;
  files: number;
  bytes: number;
  /** When the job is timed: its slowest files, slowest first (slowest.ts). */
  readonly slow?: SlowFile[];
  /** The main thread's, in a full scan: files its history need not scan again (tree-copies.ts). */
  readonly copies?: TreeCopies;
}

/** Files claimed at a time: small enough to balance two threads, large enough to amortise the claim. */
export const TREE_BATCH = 16;

/** Shared counters: [0] next file index to claim, [1] files done, [2] KiB done (for progress). */
export const CLAIM = 0;
export const DONE_FILES = 1;
export const DONE_KIB = 2;
export const COUNTERS = 3;

export function emptyTreeResult(timed = false, copies?: TreeCopies): TreeResult {
  // One shape either way: scanRead's reads of `slow` and `copies` stay monomorphic.
  const slow = timed ? [] : undefined;
  return { findings: [], diagnostics: [], dropped: {}, allowed: 0, files: 0, bytes: 0, slow, copies };
}

/** Characters read ahead of scanning within a range (a few large files are scanned one by one). */
const GROUP_CHARS = 1 << 20;

/**
 * Reads and scans job.files[from, to) into `out`. Files are read in groups of up to GROUP_CHARS
 * characters, and each group's keyword pass is one call (KeywordMatcher.scanHitsMany).
 */
export function scanFileRange(
  job: TreeJob,
  from: number,
  to: number,
  prep: Prepared,
  ctx: BuildContext,
  out: TreeResult,
): void {
  let start = from;
  let results: ReadResult[] = [];
  let chars = 0;
  const flush = () => {
    const offsets = new Int32Array(results.length + 1);
    const hits = prep.engine.matcher.scanHitsMany(
      results.map((r) => (r.ok ? r.text : "")),
      offsets,
    );
    for (let k = 0; k < results.length; k++) {
      const found = hits.subarray(offsets[k]!, offsets[k + 1]!);
      scanRead(job, job.files[start + k]!, results[k]!, prep, ctx, out, { hits: found });
    }
    start += results.length;
    results = [];
    chars = 0;
  };
  for (let i = from; i < to; i++) {
    const res = readFileSafe(
      job.dir,
      job.files[i]!.path,
      job.maxBytes,
      job.realRoot,
      false,
      out.copies !== undefined,
    );
    results.push(res);
    if (res.ok) chars += res.text.length;
    if (chars >= GROUP_CHARS) flush();
  }
  if (results.length > 0) flush();
}

/** One file, read here or by the reading thread (with its keyword hits or their plan), through the pipeline. */
export function scanRead(
  job: TreeJob,
  entry: FileEntry,
  res: ReadResult,
  prep: Prepared,
  ctx: BuildContext,
  out: TreeResult,
  found?: FoundHits,
): void {
  if (!res.ok) {
    if (res.diagnostic) out.diagnostics.push({ ...res.diagnostic, path: job.pathPrefix + entry.path });
    return;
  }
  if (res.note) out.diagnostics.push({ ...res.note, path: job.pathPrefix + entry.path });
  out.files++;
  out.bytes += res.bytes;
  // A large file (a data dump, a bundle) gets V8's own tier-up pace (util/tier-up.ts).
  const lowered = tierUp(res.text.length);
  const started = out.slow ? performance.now() : 0;
  const r = scanFile(entry, res.text, prep, ctx, found);
  if (out.slow) {
    keepSlow(out.slow, {
      path: job.pathPrefix + entry.path,
      ms: performance.now() - started,
      bytes: res.bytes,
    });
  }
  tierDown(lowered);
  if (out.copies !== undefined && res.blob !== undefined)
    out.copies.offer(entry.path, res.blob, res.text, r, prep);
  append(out.findings, r.findings);
  append(out.diagnostics, r.diagnostics);
  out.allowed += r.allowed;
  addDropped(out.dropped, r.dropped);
}

/**
 * Claims batches until the job is done. `counters` is shared between threads (Atomics); `between`
 * runs after each batch (the main thread yields there so worker replies and progress get through).
 */
export async function drainTree(
  job: TreeJob,
  counters: Int32Array,
  prep: Prepared,
  ctx: BuildContext,
  out: TreeResult,
  between?: () => Promise<void> | void,
): Promise<void> {
  const n = job.files.length;
  warmYamlForTree(job.files);
  for (;;) {
    const from = Atomics.add(counters, CLAIM, TREE_BATCH);
    if (from >= n) return;
    const files = out.files;
    const bytes = out.bytes;
    scanFileRange(job, from, Math.min(from + TREE_BATCH, n), prep, ctx, out);
    Atomics.add(counters, DONE_FILES, out.files - files);
    Atomics.add(counters, DONE_KIB, Math.round((out.bytes - bytes) / 1024));
    await between?.();
  }
}
