/**
 * How many threads scan a working tree: the main thread always, workers when the scan is large enough
 * for them to pay for their start-up and JIT warm-up.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { ScanOptions } from "./scan.js";

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_MIN_FILES = 400;

export function threadsFor(opts: ScanOptions, files: number): number {
  if (opts.threads !== undefined) return Math.max(1, opts.threads);
  return files >= PARALLEL_MIN_FILES ? Math.min(availableParallelism(), 8) : 1;
}

/**
 * On machines with fewer than 4 cores (and no --threads), workers join a tree scan only when the main
 * thread's own pace says more than LATE_WORKER_MIN_REMAINING_MS of work is left, checked from
 * LATE_CHECK_AFTER_MS on. AGENT_SECRETS_LATE_WORKER_MS overrides the threshold (0: join at once).
 */
export const LATE_WORKER_MIN_REMAINING_MS = Number(process.env.AGENT_SECRETS_LATE_WORKER_MS ?? 1000);
export const LATE_CHECK_AFTER_MS = Math.min(150, LATE_WORKER_MIN_REMAINING_MS);

export function adaptiveThreads(opts: ScanOptions): boolean {
  return opts.threads === undefined && availableParallelism() < 4;
}

/** Git index entries are ~70 bytes: an index this size lists more than PARALLEL_MIN_FILES files. */
const LARGE_INDEX_BYTES = PARALLEL_MIN_FILES * 80;

export function likelyLarge(dir: string): boolean {
  try {
    return statSync(join(dir, ".git", "index")).size >= LARGE_INDEX_BYTES;
  } catch {
    return false;
  }
}
