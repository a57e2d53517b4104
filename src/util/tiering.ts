/**
 * How soon V8 optimizes the functions a run executes. Pure policy plus one side effect each:
 * V8's process-wide `--interrupt-budget` flag (worker threads share it).
 */
import { setFlagsFromString } from "node:v8";

/** V8 11's own budget (bytecode executed by a function between two looks from the tiering manager). */
const DEFAULT_BUDGET = 66 * 1024;
/** What a short run gets (tuneV8): 16 times V8's own. */
const SHORT_RUN_BUDGET = 16 * DEFAULT_BUDGET;
/**
 * A tree scan still going this long after the process started (ms) is a long one. The npm packages'
 * trees (2,300 files, 16 MB) are done by then and keep the short-run budget.
 */
export const LONG_TREE_MS = 600;

/** Set on the process by tuneV8: `--interrupt-budget` is ours to move (a library caller's is not). */
const TUNED = Symbol.for("agent-secrets.tuned-v8");

function setBudget(budget: number): void {
  setFlagsFromString(`--interrupt-budget=${budget}`);
}

/**
 * A scan is short and runs on every core: V8's background optimizing compiler competes with it for
 * CPU, and on a 2-core machine about a third of a tree scan's CPU went to compiling functions that
 * then ran for a few milliseconds (and to recompiling them after early deopts). A 16x larger interrupt
 * budget leaves to the optimizer only what stays hot. Measured on Node 20 (V8 11), 2 cores: about 15%
 * less time on a real 12k-file tree; a 5,000-commit history unchanged; the keyword-dense 100 MB
 * synthetic tree up to 10% slower (see treeScanTiering for that). Other V8 versions keep their
 * defaults (their tiers differ, and an unknown flag would print an error). Set before anything is
 * compiled: V8 keys its code cache on flags.
 */
export function tuneV8(): void {
  if (!process.versions.v8.startsWith("11.")) return;
  setBudget(SHORT_RUN_BUDGET);
  (globalThis as Record<symbol, unknown>)[TUNED] = "short";
}

/**
 * Called for each file of a tree scan (`done` at its end). Once the scan has run LONG_TREE_MS, the
 * budget drops to V8's own until the tree is done: there, the functions that detection keeps hot pay
 * for their optimization, and soon enough to matter. The synthetic tree (100 MB of keyword-dense
 * code): 1,590 → 1,440 ms (interleaved medians of 15) with the switch at 0.5 s. A history goes on at
 * the short-run budget (a full scan's history runs after its tree): real code's history was 140 ms
 * slower at V8's own budget.
 */
export function treeScanTiering(done = false): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[TUNED] === undefined) return;
  if (done) {
    if (g[TUNED] === "long") setBudget(SHORT_RUN_BUDGET);
    g[TUNED] = "short";
  } else if (g[TUNED] === "short" && performance.now() >= LONG_TREE_MS) {
    setBudget(DEFAULT_BUDGET);
    g[TUNED] = "long";
  }
}
