/**
 * The keyword automaton of the built-in rules, compiled at build time (scripts/compile-rules.js) and
 * stored beside dist/, so start-up (and every worker thread) skips building it.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { KeywordMatcher } from "../detect/prefilter.js";

export const MATCHER_CACHE = new URL("../keywords.dfa", import.meta.url);

/**
 * The automaton for these keywords: from the cache (`file`, the build's by default) when it was built
 * for exactly them, its table read from the file straight into the memory it is scanned from
 * (KeywordMatcher.readFrom); built here otherwise.
 */
export function cachedMatcher(
  keywords: readonly string[],
  file: URL | string = MATCHER_CACHE,
): KeywordMatcher {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return new KeywordMatcher(keywords);
  }
  try {
    const size = fstatSync(fd).size;
    const read = (into: Uint8Array, position: number): number => {
      let done = 0;
      while (done < into.length) {
        const n = readSync(fd, into, done, into.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    };
    return KeywordMatcher.readFrom(keywords, size, read) ?? new KeywordMatcher(keywords);
  } catch {
    return new KeywordMatcher(keywords);
  } finally {
    closeSync(fd);
  }
}
