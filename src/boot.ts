/**
 * Start-up of the command line. The CLI ships as one CommonJS bundle (dist/bundle/cli.js) with a V8
 * code cache beside it (cli.js.cache, written by the build after a warm-up scan): compiling the bundle
 * from the cache skips parsing and compiling the functions a scan uses, which was about 50 ms of every
 * run on the 2-core machine. The cache is only a shortcut: when it is missing, belongs to another build,
 * or V8 rejects it (another Node version, other V8 flags), the bundle compiles from source as usual.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";
import { TUNED, TUNED_BUDGET } from "./util/tier-up.js";
import { utf8Text } from "./util/utf8.js";

/**
 * A scan is short and runs on every core: V8's background optimizing compiler competes with it for
 * CPU, and on a 2-core machine about a third of a tree scan's CPU went to compiling functions that
 * then ran for a few milliseconds (and to recompiling them after early deopts). A 16x larger interrupt
 * budget leaves to the optimizer only what stays hot. Measured on Node 20 (V8 11), 2 cores: about 15%
 * less time on a real 12k-file tree; a 5,000-commit history unchanged; the keyword-dense 100 MB
 * synthetic tree up to 10% slower. Other V8 versions keep their defaults (their tiers differ, and an
 * unknown flag would print an error). Set before anything is compiled: V8 keys its code cache on flags.
 */
export function tuneV8(): void {
  if (!process.versions.v8.startsWith("11.")) return;
  setFlagsFromString(`--interrupt-budget=${TUNED_BUDGET}`);
  // V8 compiles a regex to bytecode at its first run and again to machine code at its second: a scan
  // runs most of its few hundred regexes more than once, so each was compiled twice. Straight to
  // machine code, compiling every built-in rule's regex took 25 ms where both tiers took 62 (the
  // global key-name lists alone 5.6 and 13.6 ms). Measured in turns (15-25 pairs): a 10-file scan
  // and a staged one 3% faster, the 805-file tree, the data dump and the keyword bundle 1.5-3%; long
  // scans unchanged within the machine's noise.
  setFlagsFromString("--no-regexp-tier-up");
  // TurboFan inlines callees of up to 460 bytes of bytecode: the fast YAML path's line loop (lfSpans)
  // took most of the path into one graph, 61 ms to compile (scalar 51, mapEntry 37) while the main
  // thread ran it unoptimised, and a scan of short files is mostly such warm-up. With callees of up to
  // 100 bytes the YAML tree's compile jobs took about as long in all (493 against 529 ms), in smaller
  // jobs each done sooner (lfSpans 19 ms). Measured in turns on 2 cores (8-12 pairs), wall time: the
  // YAML tree 0.956 (CPU 0.912), the data dump 0.960, the keyword bundle 0.976, the 805-file
  // repository 0.946, the npm packages as installed 0.974, the 100 MB synthetic tree 0.955, the
  // one-line history 0.959, the synthetic and npm histories 0.995 and 0.998. No inlining at all, or up
  // to 30, 60 or 200 bytes: within the machine's noise of this.
  setFlagsFromString("--max-inlined-bytecode-size=100");
  // Around a large text the scan gives V8 its own budget back (util/tier-up.ts).
  (globalThis as Record<symbol, unknown>)[TUNED] = true;
}

export const BUILD_LINE = "// agent-secrets build ";

/** What became of the code cache: used, refused by V8, from another build, or absent. */
export type CacheState = "accepted" | "rejected" | "stale" | "missing";

export interface Bundle {
  readonly exports: Record<string, unknown>;
  readonly cache: CacheState;
  /** Writes a code cache for this bundle (every function compiled so far), stamped with its build. */
  writeCache(file: string): void;
}

/**
 * Node's CommonJS wrapper, which the build writes around the CLI bundle's code (after its first line):
 * the file is then the very text V8 compiles, where wrapping it at each start copied its 1.4 MB into a
 * new string (about 5 ms of every run on the 2-core machine: 20.3 ms against 15.3 to compile it from
 * its cache, medians of six).
 */
export const WRAPPER_OPEN = "(function (exports, require, module, __filename, __dirname) { ";
export const WRAPPER_CLOSE = "\n})";

/** The bundle's first line names its build (`// agent-secrets build <id>`); its cache starts with the same line. */
export function buildLine(source: string): string {
  const end = source.indexOf("\n");
  return end < 0 ? "" : source.slice(0, end + 1);
}

/**
 * Compiles and runs a CommonJS bundle, from `cacheFile` when that holds V8 code for this very build. A
 * bundle whose second line opens with WRAPPER_OPEN is in its wrapper already; any other is wrapped here.
 */
export function loadBundle(file: string, cacheFile: string | undefined): Bundle {
  // The build writes the bundle in ASCII (non-ASCII characters escaped): a Latin-1 copy of its bytes
  // is then its text, at 0.2 ms where Node 20's UTF-8 decoding took 4-7 ms of every start.
  const source = utf8Text(readFileSync(file));
  const stamp = buildLine(source);
  let cachedData: Buffer | undefined;
  let cache: CacheState = "missing";
  if (cacheFile && stamp.startsWith(BUILD_LINE)) {
    try {
      const raw = readFileSync(cacheFile);
      if (raw.toString("latin1", 0, stamp.length) === stamp) cachedData = raw.subarray(stamp.length);
      else cache = "stale";
    } catch {
      // no cache: compile from source
    }
  }
  // The same wrapper as Node's CommonJS loader, so the bundle sees require, module and __filename.
  const wrapped = source.startsWith(WRAPPER_OPEN, stamp.length)
    ? source
    : `${WRAPPER_OPEN}${source}${WRAPPER_CLOSE}`;
  const script = new Script(wrapped, { filename: file, cachedData });
  if (cachedData) cache = script.cachedDataRejected ? "rejected" : "accepted";
  const mod = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  return {
    exports: mod.exports,
    cache,
    writeCache: (out) =>
      writeFileSync(out, Buffer.concat([Buffer.from(stamp, "latin1"), script.createCachedData()])),
  };
}
