/**
 * How many threads scan a working tree: the main thread always, detection workers when the scan is
 * large enough for them to pay for their start-up and JIT warm-up, or a reading thread on small machines.
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
 * On machines with fewer than 4 cores (and no --threads), a large tree scan gets a reading thread
 * (sources/read-pump.ts) instead of detection workers: a second detection thread pays its own start-up
 * and JIT warm-up, which on two cores costs about what it saves, while reading and the keyword pass move
 * to the other core almost for free. AGENT_SECRETS_READER=1 or 0 decides as if the machine had fewer or
 * more cores (tests, benches); small scans never get one.
 */
export function readerThread(opts: ScanOptions, files: number): boolean {
  const forced = process.env.AGENT_SECRETS_READER;
  const small = forced === "1" || forced === "0" ? forced === "1" : adaptiveThreads(opts);
  return small && files >= PARALLEL_MIN_FILES;
}

export function adaptiveThreads(opts: ScanOptions): boolean {
  return opts.threads === undefined && availableParallelism() < 4;
}

/**
 * Detection threads for a history scan: git and the diff parser each keep a core busy, so workers
 * only pay off beyond that. 1 means the main thread scans and a pump thread reads git.
 */
export function historyThreads(opts: ScanOptions): number {
  return opts.threads ?? Math.max(1, Math.min(availableParallelism() - 2, 8));
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
