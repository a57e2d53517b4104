/**
 * A working-tree scan of one root: its listed files, minus excluded paths, read and scanned here, by
 * detection workers, or with a reading thread (small machines).
 */
import { realpathSync } from "node:fs";
import { basename } from "node:path";
import type { BuildContext } from "./findings/build.js";
import { ScanPool } from "./pool.js";
import type { Prepared, RootState, ScanOptions } from "./scan.js";
import { addDropped, type FileResult, warmYamlForTree } from "./scan-file.js";
import {
  COUNTERS,
  DONE_FILES,
  DONE_KIB,
  drainTree,
  emptyTreeResult,
  scanFileRange,
  scanRead,
  type TreeJob,
  type TreeResult,
} from "./scan-tree.js";
import { mergeSlow } from "./slowest.js";
import { type ReaderThread, readAhead } from "./sources/read-ahead.js";
import type { FileEntry } from "./sources/worktree.js";
import { readerThread, threadsFor } from "./threads.js";
import type { TreeCopies } from "./tree-copies.js";
import { append } from "./util/arrays.js";

export async function scanTree(
  root: string,
  isDir: boolean,
  listed: FileEntry[],
  skip: (path: string) => boolean,
  dir: string,
  maxBytes: number,
  opts: ScanOptions,
  prep: Prepared,
  ctx: BuildContext,
  state: RootState,
  early?: ScanPool,
  reader?: ReaderThread,
  copies?: TreeCopies,
  alone = false,
): Promise<void> {
  // `alone`: a deep history's git runs beside this scan, which then keeps to this thread (scan.ts).
  // `copies`: a full scan's history takes the findings of the files kept there (tree-copies.ts).
  let files = listed;
  if (!isDir) {
    const name = basename(root);
    files = files.filter((f) => f.path === name);
    if (files.length === 0) files = [{ path: name, exposure: "untracked" }];
  }
  files = files.filter((f) => !skip(f.path));
  const job: TreeJob = {
    dir,
    realRoot: realpathSync.native(dir),
    maxBytes,
    files,
    pathPrefix: ctx.pathPrefix,
    root: ctx.root,
    timed: opts.timings === true,
  };
  if (!alone && readerThread(opts, files.length)) {
    await readAheadTree(job, opts, prep, ctx, state, reader, copies);
    return;
  }
  const shared = new SharedArrayBuffer(COUNTERS * 4);
  const counters = new Int32Array(shared);
  // The main thread scans too: `threads` counts it. A pool started early belongs to the caller, which
  // closes it; `own` is the pool started here.
  // Worker threads keep no copies: with copies kept, this thread scans alone.
  const threads = alone || copies ? 1 : threadsFor(opts, files.length);
  const own = threads > 1 && !early ? new ScanPool(threads - 1, prep.init) : undefined;
  const pool = threads > 1 ? (early ?? own) : undefined;
  const progress = () =>
    opts.onProgress?.({
      files: state.stats.files + Atomics.load(counters, DONE_FILES),
      bytes: state.stats.bytes + Atomics.load(counters, DONE_KIB) * 1024,
      commits: state.stats.commits,
      findings: state.findings.length,
    });
  try {
    const others = pool?.broadcast({ tree: job, counters: shared }) ?? [];
    const mine = emptyTreeResult(job.timed, copies);
    // Yield after each batch only when something listens (worker replies queue up meanwhile).
    const between =
      pool || opts.onProgress ? () => new Promise<void>((r) => setImmediate(r)).then(progress) : undefined;
    await drainTree(job, counters, prep, ctx, mine, between);
    for (const r of [mine, ...(await Promise.all(others))]) mergeTreeResult(r, state);
  } finally {
    await own?.close();
  }
}

/** The tree fed by the reading thread: this thread classifies, parses and detects. */
async function readAheadTree(
  job: TreeJob,
  opts: ScanOptions,
  prep: Prepared,
  ctx: BuildContext,
  state: RootState,
  reader?: ReaderThread,
  copies?: TreeCopies,
): Promise<void> {
  const mine = emptyTreeResult(job.timed, copies);
  const { dir, realRoot, maxBytes, files } = job;
  warmYamlForTree(files);
  await readAhead(
    {
      dir,
      realRoot,
      maxBytes,
      paths: files.map((f) => f.path),
      tables: prep.engine.tables,
      blobIds: copies !== undefined,
    },
    prep.engine.matcher,
    (i, res, plan) => scanRead(job, files[i]!, res, prep, ctx, mine, { plan }),
    (from, to) => scanFileRange(job, from, to, prep, ctx, mine),
    () =>
      opts.onProgress?.({
        files: state.stats.files + mine.files,
        bytes: state.stats.bytes + mine.bytes,
        commits: state.stats.commits,
        findings: state.findings.length,
      }),
    reader,
  );
  mergeTreeResult(mine, state);
}

function mergeTreeResult(r: TreeResult, state: RootState): void {
  state.stats.files += r.files;
  state.stats.bytes += r.bytes;
  mergeSlow(state.stats.slowest, r.slow);
  mergeFileResult(r, state);
}

function mergeFileResult(res: FileResult, state: RootState): void {
  append(state.findings, res.findings);
  append(state.diagnostics, res.diagnostics);
  state.stats.suppressed += res.allowed;
  addDropped(state.stats.dropped, res.dropped);
}
