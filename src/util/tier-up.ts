/**
 * How soon V8 optimises hot code, by workload. The command line raises V8's interrupt budget for a
 * whole run (boot.ts tuneV8): a scan of many short files then spends little CPU compiling functions
 * that run for a few milliseconds. A text of a megabyte or more is the opposite case: a few functions
 * loop over it for tens of milliseconds, in the slow tiers for longer under the raised budget. Around
 * such a text (a data dump, a minified bundle) the budget goes back to V8's own, and up again after it;
 * a history whose added lines are mostly such texts (a bundle committed, then rebuilt) keeps V8's
 * budget from there on. Measured on the 2-core machine, in turns: a 7 MB JSON dump 263 → 241 ms, the
 * one-line history 505 → 490 ms, the npm packages' history 1.42 → 1.41 s, trees of short files
 * unchanged (with 64 KiB as the bound, the npm packages' trees were 4-7% slower). Only where tuneV8
 * ran, and only on its thread (the mark is a global of the thread's realm): a library caller's or a
 * worker's V8 flags are never touched.
 */
import { setFlagsFromString } from "node:v8";

/** V8 11's interrupt budget, and the command line's (16 times it). */
const V8_BUDGET = 67584;
export const TUNED_BUDGET = 16 * V8_BUDGET;

/** Set on the thread whose V8 flags tuneV8 raised (a registry symbol: one per realm, whatever the bundle). */
export const TUNED = Symbol.for("agent-secrets.tuned-v8");

/** Texts from this many characters get V8's own budget. */
export const LARGE_TEXT = 1 << 20;

let lowered = false;
let kept = false;

function tuned(): boolean {
  return (globalThis as Record<symbol, unknown>)[TUNED] === true;
}

/**
 * Before scanning a text of `chars` characters: V8's own budget when it is large (and the run's is
 * raised). Returns whether it changed it, for tierDown.
 */
export function tierUp(chars: number): boolean {
  if (chars < LARGE_TEXT || lowered || !tuned()) return false;
  lowered = true;
  setFlagsFromString(`--interrupt-budget=${V8_BUDGET}`);
  return true;
}

/**
 * Before annotating a text as `format`: V8's own budget for YAML, whatever its length. The YAML fast
 * path reads a text character by character through a few functions, and a tree's YAML files are
 * scattered among its other files: under the raised budget those functions ran in the slow tiers over
 * most of the YAML a scan read. Measured on the 2-core machine, in turns (medians of the pairs'
 * ratios): the bench's 1,000 generated YAML files alone 0.87, its YAML tree 0.94 and 0.97 in two
 * series, its 100 MB tree 0.94; the npm packages' trees unchanged. JSON keeps the raised budget: with
 * V8's own around jsonc-parser too (the fallback for the npm history's broken JSON), that tree took
 * 17% longer. Returns whether it changed the budget, for tierDown.
 */
export function tierUpFor(format: string | undefined): boolean {
  return format === "yaml" && tierUp(LARGE_TEXT);
}

/** After that text: the run's budget again, when tierUp changed it and nothing keeps V8's. */
export function tierDown(changed: boolean): void {
  if (!changed || kept) return;
  lowered = false;
  setFlagsFromString(`--interrupt-budget=${TUNED_BUDGET}`);
}

/**
 * `load()` under the run's budget, when V8's own is in force: V8 keys a code cache on its flags, and
 * the build writes the libraries' caches under the run's (util/lazy.ts), where the yaml library is
 * first needed inside a YAML text's annotation, under V8's budget (its cache was refused there).
 */
export function underRunBudget<T>(load: () => T): T {
  if (!lowered) return load();
  return flagged(`--interrupt-budget=${TUNED_BUDGET}`, `--interrupt-budget=${V8_BUDGET}`, load);
}

/** `run()` with V8's flag `on` set, and `off` set after it, also when it throws. */
function flagged<T>(on: string, off: string, run: () => T): T {
  setFlagsFromString(on);
  try {
    return run();
  } finally {
    setFlagsFromString(off);
  }
}

/**
 * `run()` with a feedback vector made for each function at its first call (V8's
 * `--no-lazy-feedback-allocation`), where tuneV8 ran: for a warm-up, whose every construct must reach
 * the feedback V8 optimises from. By default V8 makes a function's vector only after some calls, and
 * what the calls before saw is lost: the YAML warm-up's documents each show a construct once or twice
 * (a flow sequence over lines, a folded scalar), and its functions were optimised without it, then
 * thrown away at the first file that had it. The bench's YAML tree had 13 deoptimisations after the
 * warm-up and 4 with it (0 or 1 once the documents showed what those 4 pointed at), 0.981 of the time
 * in turns (16 pairs). `run` must load no code cache (V8 keys one on its flags): the warm-up reads its
 * documents on paths of its own, never the yaml library.
 */
export function withEagerFeedback(run: () => void): void {
  if (tuned()) flagged("--no-lazy-feedback-allocation", "--lazy-feedback-allocation", run);
  else run();
}

/** Characters of a history's added lines so far, and of its large texts among them. */
let added = 0;
let addedLarge = 0;

/**
 * A history's added lines, `chars` of them in one file of one commit: V8's own budget from now on once
 * large texts are most of what the history added so far (a bundle or dump rebuilt commit after commit).
 * A large file among many small ones changes nothing: the rest of the history is short texts.
 */
export function historyAdds(chars: number): void {
  added += chars;
  if (chars < LARGE_TEXT) return;
  addedLarge += chars;
  if (kept || addedLarge * 2 < added || !tuned()) return;
  if (!lowered) setFlagsFromString(`--interrupt-budget=${V8_BUDGET}`);
  lowered = true;
  kept = true;
}
