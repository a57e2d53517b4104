/**
 * What a scan starts before its rules load (headStart), and the choices of a scan's options it rests
 * on: whether the working tree is scanned, which history. Split from scan.ts.
 */
import { existsSync, statSync } from "node:fs";
import { devNull } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScanOptions } from "./scan.js";
import { NOTHING, runGitCommand } from "./sources/git.js";
import { GIT_ATTRIBUTES } from "./sources/git-attributes.js";
import { HistoryPump } from "./sources/history.js";
import { type EarlyRun, type HistorySelection, historyCommand } from "./sources/history-command.js";
import { ReaderThread } from "./sources/read-ahead.js";
import { shallowHead } from "./sources/shallow.js";
import { listWorktree } from "./sources/worktree.js";
import { deepHistory, historyHere, historyThreads, likelyLarge, readerFrom } from "./threads.js";
import { TreeCopies } from "./tree-copies.js";

/**
 * What starts before the rules load: the first root's listing, maybe its reading thread, and the
 * pump thread of its history. The pump boots while the rules load; its `git log` starts as soon as the
 * rules and the listing say how (scanRoot) and runs while the working tree is scanned (its output
 * waits in the pump, which pauses git past a bound), so a full scan costs less than tree plus history.
 */
export interface HeadStart {
  readonly listing: ReturnType<typeof listWorktree>;
  /** Read once the listing is done: a folder's walk may start it on the way (headStart). */
  readonly reader: ReaderThread | undefined;
  readonly pump?: Promise<HistoryPump | undefined>;
  /** A staged scan's diff, started beside the listing (earlyStaged). */
  readonly staged?: EarlyRun;
  /**
   * Ends what was started: the reading thread, and the pump once it is known. A folder's walk goes on
   * after a scan that failed early (its rules or config did not load) and would otherwise start a
   * reading thread nobody closes, which kept the process alive for good.
   */
  close(): Promise<void>;
}

export function headStart(dir: string, opts: ScanOptions): HeadStart {
  const tree = treeOnlyScan(opts);
  // How many files this scan's tree needs for a reading thread (none: undefined).
  const reads = tree ? readerFrom(opts) : undefined;
  let reader: ReaderThread | undefined;
  let closed = false;
  // A folder git does not list is walked here, which takes a while on a large one (90 ms for 20,000
  // files): its reading thread boots as soon as the walk has found enough files to want one.
  const many =
    reads !== undefined
      ? {
          count: reads,
          reached: () => {
            if (!closed) reader ??= new ReaderThread();
          },
        }
      : undefined;
  const listing = listWorktree(dir, opts.includeDeps, !tree, many);
  const sel = selectionOf(opts);
  const staged = sel?.kind === "staged" ? earlyStaged(dir) : undefined;
  // Only when the history scan reads git through a pump thread (one detection thread); a staged diff
  // is too small to matter. At a repository's top the thread boots now; in a sub-folder as soon as
  // the listing says the history is not small.
  // A small history, or any on one core, is read on this thread (historyHere), with no pump to start;
  // so is a shallow clone's whose boundary is HEAD (a full scan leaves that commit to the tree scan,
  // and a clone one commit deep has no other).
  let pump: Promise<HistoryPump | undefined> | undefined;
  let pumpHere = false;
  if (sel && sel.kind !== "staged" && historyThreads(opts) === 1) {
    const atTop = existsSync(join(dir, ".git"));
    pumpHere = atTop && !historyHere(dir) && !(tree && shallowHead(join(dir, ".git")));
    pump = atTop
      ? Promise.resolve(pumpHere ? new HistoryPump() : undefined)
      : listing.then(
          (l) =>
            !closed && l.repo.kind === "repo" && l.repo.prefix !== "" && !historyHere(l.repo.top)
              ? new HistoryPump()
              : undefined,
          () => undefined,
        );
  }
  // A large repository (its git index says so): the thread boots while git lists the files. Not when
  // the history's git will run beside the tree: the tree then keeps to the main thread (scan.ts).
  const beside = pumpHere && sel?.kind === "all" && treeAlone(opts, join(dir, ".git"));
  if (reads !== undefined && !beside && likelyLarge(dir, reads)) reader ??= new ReaderThread();
  return {
    listing,
    get reader() {
      return reader;
    },
    pump,
    staged,
    async close() {
      closed = true;
      staged?.stop();
      void pump?.then((p) => p?.close());
      await reader?.close();
    },
  };
}

/**
 * A staged scan at a repository's top (a pre-commit hook's): its `git diff --cached` starts now, beside
 * the listing's rev-parse, as run from the place that query most likely answers (the folder's own
 * `.git`, no prefix) with the attributes the built-in rule set's excludes make (the shipped file).
 * Started after that answer, it waited for the rules to load as well (the answer is read once they
 * have). Its output is used only when the scan's own command turns out the same (streamHistory); it
 * holds at most `max` bytes of it.
 */
export function earlyStaged(dir: string, max = EARLY_DIFF_MAX): EarlyRun | undefined {
  const gitDir = join(dir, ".git");
  try {
    if (!statSync(gitDir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const attributes = existsSync(GIT_ATTRIBUTES) ? fileURLToPath(GIT_ATTRIBUTES) : devNull;
  const place = { gitDir, prefix: "", excludes: [], attributes };
  const command = historyCommand({ kind: "staged" }, place);
  const stopper = new AbortController();
  const held: Buffer[] = [];
  let bytes = 0;
  const hold = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > max) {
      held.length = 0;
      stopper.abort();
    } else held.push(chunk);
  };
  const result = runGitCommand({ ...command, signal: stopper.signal }, hold).then((r) =>
    bytes > max
      ? { ...NOTHING, spawnError: `over ${max} bytes held` }
      : { ...r, stdout: Buffer.concat(held) },
  );
  return { command, result, stop: () => stopper.abort() };
}

/**
 * Bytes of an early staged diff held: past them git is stopped and the scan runs its own diff, read as
 * git writes it (a staged import of a large tree is never held whole).
 */
export const EARLY_DIFF_MAX = 16 * 1024 * 1024;

export function treeOnlyScan(opts: ScanOptions): boolean {
  return !opts.staged && !opts.range && !opts.since;
}

export function listingFor(dir: string, opts: ScanOptions): ReturnType<typeof listWorktree> {
  return listWorktree(dir, opts.includeDeps, !treeOnlyScan(opts));
}

export function selectionOf(opts: ScanOptions): HistorySelection | undefined {
  if (opts.staged) return { kind: "staged" };
  if (opts.range) return { kind: "range", range: opts.range };
  if (opts.since) return { kind: "range", range: `${opts.since}..HEAD` };
  return opts.history ? { kind: "all" } : undefined;
}

/**
 * Whether a full scan whose history's git runs beside the tree (a pump thread) scans the tree on the
 * main thread alone, leaving git a core (scan.ts): one detection thread, and a deep history.
 */
export function treeAlone(opts: ScanOptions, gitDir: string): boolean {
  return (opts.threads ?? 1) === 1 && deepHistory(gitDir);
}

/**
 * How a scan reads its tree when it is a full scan whose history's git runs beside the tree (that git's
 * folder `gitDir`; "" when it is not). With one detection thread it keeps tree copies for the history
 * (tree-copies.ts; worker threads keep none), and in a deep history the tree keeps to the main thread
 * (`alone`: treeAlone), with a reading thread otherwise. Copies beside a reading thread, on two cores:
 * a 17,021-file import (two commits) 12.4–13.3 → 10.9–11.1 s of CPU and 7.7–8.2 → 7.3–7.6 s, the
 * synthetic tree committed once 0.92 and 0.96 in turns, the YAML tree committed once (no copies)
 * unchanged.
 */
export function treeHow(opts: ScanOptions, gitDir: string): { copies?: TreeCopies; alone: boolean } {
  const keep = gitDir !== "" && (opts.threads ?? 1) === 1;
  return { copies: keep ? new TreeCopies() : undefined, alone: keep && deepHistory(gitDir) };
}
