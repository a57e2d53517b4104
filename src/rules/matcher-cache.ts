/**
 * The keyword automaton of the built-in rules, compiled at build time (scripts/compile-rules.js) and
 * stored beside dist/, so start-up (and every worker thread) skips building it.
 */
import { readFileSync } from "node:fs";
import { KeywordMatcher } from "../detect/prefilter.js";

export const MATCHER_CACHE = new URL("../keywords.dfa", import.meta.url);

/** The automaton for these keywords: from the cache when it was built for exactly them. */
export function cachedMatcher(keywords: readonly string[]): KeywordMatcher {
  let buf: Buffer;
  try {
    buf = readFileSync(MATCHER_CACHE);
  } catch {
    return new KeywordMatcher(keywords);
  }
  return KeywordMatcher.deserialize(keywords, buf) ?? new KeywordMatcher(keywords);
}
