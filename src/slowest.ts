/**
 * The slowest files of a scan, for `--debug` (ScanOptions.timings): each file of the working tree and
 * each history block (a commit's added lines of one file) is timed on whichever thread scans it, and
 * the slowest few are kept. Nothing is timed unless asked.
 */

import type { Engine } from "./detect/engine.js";
import type { BuildContext } from "./findings/build.js";
import { type FragmentResult, scanFragment } from "./pipeline.js";
import type { Fragment, SlowFile } from "./types.js";

/** How many of the slowest files a timed scan keeps. */
export const SLOWEST = 5;

/** Keeps `file` in `list` (slowest first) when it is among the SLOWEST slowest. */
export function keepSlow(list: SlowFile[], file: SlowFile): void {
  if (list.length === SLOWEST && file.ms <= list[SLOWEST - 1]!.ms) return;
  let i = list.length;
  while (i > 0 && list[i - 1]!.ms < file.ms) i--;
  list.splice(i, 0, file);
  if (list.length > SLOWEST) list.length = SLOWEST;
}

/** Keeps the files of `from` (another thread's slowest, when timed) in `into`, when timed. */
export function mergeSlow(into: SlowFile[] | undefined, from: readonly SlowFile[] | undefined): void {
  if (into && from) for (const f of from) keepSlow(into, f);
}

/** scanFragment, timed into `slow` when there is one: a history block, named by its path and commit. */
export function scanTimed(
  frag: Fragment,
  engine: Engine,
  ctx: BuildContext,
  slow?: SlowFile[],
): FragmentResult {
  if (!slow) return scanFragment(frag, engine, ctx);
  const started = performance.now();
  const r = scanFragment(frag, engine, ctx);
  const ms = performance.now() - started;
  const { origin } = frag;
  const path = ctx.pathPrefix + origin.path;
  const bytes = Buffer.byteLength(frag.text);
  keepSlow(
    slow,
    origin.kind === "git" ? { path, commit: origin.commit.sha, ms, bytes } : { path, ms, bytes },
  );
  return r;
}
