/**
 * How many threads scan a working tree: the main thread always, detection workers when the scan is
 * large enough for them to pay for their start-up and JIT warm-up, or a reading thread on small machines.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { ScanOptions } from "./scan.js";
import { cgroupCpuLimit } from "./util/cpu-limit.js";

let cpus: number | undefined;

/**
 * The cores a scan may keep busy: those the process may run on (os.availableParallelism()), or fewer
 * when a control group limits its CPU time (a container's `--cpus`; util/cpu-limit.ts). With a limit of
 * one CPU on two cores, the reading thread made the synthetic tree 1.10 s against 1.00 s without it.
 */
export function cores(): number {
  cpus ??= Math.max(1, Math.min(availableParallelism(), cgroupCpuLimit() ?? Number.POSITIVE_INFINITY));
  return cpus;
}

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_MIN_FILES = 400;

/**
 * Detection threads for a tree of `files` files, the main thread counted: from four cores, one per core
 * (at most 8) for PARALLEL_MIN_FILES or more. On two or three cores the main thread scans alone, with
 * a reading thread or without one (readerThread).
 */
export function threadsFor(opts: ScanOptions, files: number): number {
  if (opts.threads !== undefined) return Math.max(1, opts.threads);
  return files >= PARALLEL_MIN_FILES && !adaptiveThreads(opts) ? Math.min(cores(), 8) : 1;
}

/**
 * On machines with two or three cores (and no --threads), a large tree scan gets a reading thread
 * (sources/read-pump.ts) instead of detection workers: a second detection thread pays its own start-up
 * and JIT warm-up, which on two cores costs about what it saves, while reading and the keyword pass move
 * to the other core almost for free. With one core (a container pinned to one CPU) the two threads
 * would only take turns: the synthetic tree took 1.10 s with one, 0.93 s without. AGENT_SECRETS_READER=1
 * or 0 decides as if the machine had two or more cores (tests, benches); small scans never get one.
 */
export function readerThread(opts: ScanOptions, files: number, count = cores()): boolean {
  const from = readerFrom(opts, count);
  return from !== undefined && files >= from;
}

/**
 * Trees of fewer files keep to the main thread on two or three cores. A reading thread boots in about
 * 125 ms of CPU and warms up its own copy of the code, while the main thread alone leaves the other
 * core to V8's own helper threads (compiling, collecting). Measured on two cores in turns, wall time
 * of the main thread alone against the reading thread: 805 files of the npm packages 0.91, the 2,296
 * as installed 0.93, the 2,000-file YAML tree 0.94, the synthetic mix at 2,000 files 0.94, 3,500 files
 * 0.91, 5,000 files 1.00, 6,500 files 0.99, 8,000 files 1.07, 9,000 files 1.09-1.12, 20,000 files 1.13.
 */
export const READER_MIN_FILES = 6000;

/**
 * How many files a tree scan needs for a reading thread (readerThread), undefined when it gets none
 * at any size. Forced on (AGENT_SECRETS_READER=1), from PARALLEL_MIN_FILES: tests reach it with a few
 * hundred files.
 */
export function readerFrom(opts: ScanOptions, count = cores()): number | undefined {
  const forced = process.env.AGENT_SECRETS_READER;
  if (forced === "1" || forced === "0") return forced === "1" ? PARALLEL_MIN_FILES : undefined;
  return adaptiveThreads(opts, count) && count > 1 ? READER_MIN_FILES : undefined;
}

export function adaptiveThreads(opts: ScanOptions, count = cores()): boolean {
  return opts.threads === undefined && count < 4;
}

/**
 * Detection threads for a history scan: git and the diff parser each keep a core busy, so workers
 * only pay off beyond that. 1 means the main thread scans and a pump thread reads git.
 */
export function historyThreads(opts: ScanOptions): number {
  return opts.threads ?? Math.max(1, Math.min(cores() - 2, 8));
}

/**
 * Whether a history's `git log` output is read on the main thread, with no pump thread: when the
 * history is small (smallHistory), or on one core, where the pump thread could only take turns with
 * the main thread (the bench's histories 2% slower with one). AGENT_SECRETS_PUMP=1 or 0 decides instead.
 */
export function historyHere(dir: string, count = cores()): boolean {
  const forced = process.env.AGENT_SECRETS_PUMP;
  if (forced === "1" || forced === "0") return forced === "0";
  return count < 2 || smallHistory(dir);
}

/**
 * Packs up to this size hold a history whose `git log -p` is a few MB at most (500 synthetic commits:
 * 1.7 MB of packs, 4.4 MB of patches). Measured on 2 cores, interleaved medians of seven: there the
 * main thread reads git's output 40-90 ms sooner than a pump thread; at 3.3 MB of packs the two are
 * within noise either way, and from 4 MB (1,500 commits of real code) the pump is 50-70 ms faster.
 */
const SMALL_PACKS = 2 * 1024 * 1024;
/** Loose objects spread over 256 folders: this many folders means some hundreds of objects. */
const SMALL_LOOSE_DIRS = 200;
/** Loose-object folders whose files are measured (a folder and its files cost 30-40 µs each here). */
const LOOSE_SAMPLE = 16;

/**
 * True when the repository at `dir` (its top: `dir/.git` is a folder) has a small history. Its `git log`
 * is then read on the main thread: for a few MB of output, a pump thread's start-up (about 100 ms on two
 * busy cores) costs more than git waiting for a scan step. Judged from the object store alone (the
 * sizes of its packs and loose objects, how many loose-object folders), without running git.
 * AGENT_SECRETS_PUMP=1 or 0 decides instead (tests).
 */
export function smallHistory(dir: string): boolean {
  const forced = process.env.AGENT_SECRETS_PUMP;
  if (forced === "1" || forced === "0") return forced === "0";
  const objects = join(dir, ".git", "objects");
  try {
    // Objects borrowed from another store (clone --shared, --reference): their size is unknown here.
    if (existsSync(join(objects, "info", "alternates"))) return false;
    const loose = readdirSync(objects).filter((n) => n.length === 2);
    if (loose.length >= SMALL_LOOSE_DIRS) return false;
    let bytes = 0;
    for (const name of existsSync(join(objects, "pack")) ? readdirSync(join(objects, "pack")) : []) {
      if (name.endsWith(".pack")) bytes += statSync(join(objects, "pack", name)).size;
      if (bytes > SMALL_PACKS) return false;
    }
    // A few loose objects can be large too (commits of built bundles, never packed): their sizes count.
    return bytes + looseTotal(objects, loose, (file) => statSync(file).size) <= SMALL_PACKS;
  } catch {
    return false; // a worktree's or submodule's .git file, or an unreadable store: not known to be small
  }
}

/**
 * Whether the git index at `dir` lists at least `files` files (PARALLEL_MIN_FILES unless given), read
 * from its header's entry count; false when there is none or it cannot be read.
 */
export function likelyLarge(dir: string, files = PARALLEL_MIN_FILES): boolean {
  try {
    return indexEntries(join(dir, ".git")) >= files;
  } catch {
    return false;
  }
}

/**
 * Whether the git folder `gitDir` holds at least twice as many objects as its index lists files: a
 * history of many commits, not one or a few imports of the tree. A full scan then gives git a core of
 * its own (scan.ts): on two cores, the synthetic repository's full scan took 0.969 and the npm
 * history's 0.923 in turns, while a tree committed once took 1.09-1.14 (its git log is short, and the
 * tree scan lost the reading thread). Counted from the headers of the index and the pack indexes, and
 * from a sample of the loose-object folders; false when any is unreadable (as before: a reading thread).
 * AGENT_SECRETS_DEEP=1 or 0 decides instead (tests).
 */
export function deepHistory(gitDir: string): boolean {
  const forced = process.env.AGENT_SECRETS_DEEP;
  if (forced === "1" || forced === "0") return forced === "1";
  try {
    const entries = indexEntries(gitDir);
    const objects = join(gitDir, "objects");
    let count = 0;
    const packs = join(objects, "pack");
    for (const name of existsSync(packs) ? readdirSync(packs) : []) {
      if (!name.endsWith(".idx")) continue;
      // Version 2 starts with a magic number and a version, version 1 with its fan-out table, whose
      // last entry is the pack's object count.
      const h = header(join(packs, name), 8 + 256 * 4);
      count += h.readUInt32BE(0) === 0xff744f63 ? h.readUInt32BE(8 + 255 * 4) : h.readUInt32BE(255 * 4);
    }
    const loose = readdirSync(objects).filter((n) => n.length === 2);
    return count + looseTotal(objects, loose, () => 1) >= 2 * entries;
  } catch {
    return false;
  }
}

/** How many entries the index of git folder `gitDir` lists, from its header (throws when unreadable). */
function indexEntries(gitDir: string): number {
  return header(join(gitDir, "index"), 12).readUInt32BE(8);
}

/** The first `bytes` bytes of a file (fewer: an error). */
function header(file: string, bytes: number): Buffer {
  const buf = Buffer.alloc(bytes);
  const fd = openSync(file, "r");
  try {
    if (readSync(fd, buf, 0, bytes, 0) !== bytes) throw new Error(`${file}: too short`);
  } finally {
    closeSync(fd);
  }
  return buf;
}

/**
 * What `measure` gives for each loose object of `objects` (in its folders `loose`), summed over all of
 * them, estimated from a sample of LOOSE_SAMPLE folders (objects spread evenly over them by hash).
 */
function looseTotal(objects: string, loose: readonly string[], measure: (file: string) => number): number {
  const step = Math.max(1, loose.length / LOOSE_SAMPLE);
  let sampled = 0;
  let total = 0;
  for (let k = 0; k < loose.length; k += step, sampled++) {
    const sub = join(objects, loose[Math.floor(k)]!);
    for (const name of readdirSync(sub)) total += measure(join(sub, name));
  }
  return (total * loose.length) / Math.max(1, sampled);
}
