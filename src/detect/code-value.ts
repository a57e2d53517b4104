/**
 * The gate before unquoted assignments are searched in a window of code (assign.ts
 * LineScanOptions.expressions): whether the window may hold one whose value has a digit and a letter.
 * Pure.
 */
import { isSpace } from "./scheme-header.js";

/**
 * The ASCII characters by what they are to an UNQUOTED value: 1 a blank, 2 a character no value holds
 * (a quote, `#;,<>(){}[]`), 3 `=` or `:`, 4 a digit, 5 a letter, 0 any other value character.
 */
const VALUE_CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  if (/\s/.test(ch)) return 1;
  if (/["'`#;,<>(){}[\]]/.test(ch)) return 2;
  if (ch === "=" || ch === ":") return 3;
  if (/[0-9]/.test(ch)) return 4;
  return /[A-Za-z]/.test(ch) ? 5 : 0;
});

/** What character `c` is to an UNQUOTED value (VALUE_CLASS; a non-ASCII blank is a blank). */
function valueClass(c: number): number {
  return c < 128 ? VALUE_CLASS[c]! : isSpace(c) ? 1 : 0;
}

/** Ends a run of value characters: a blank, or a character no value holds. */
function endsRun(k: number): boolean {
  return k === 1 || k === 2;
}

const DIGITS = /[0-9]/g;

/**
 * Whether `s` may hold an UNQUOTED match for pushCodeUnquoted: a value holding a digit and a letter
 * starts after a blank, `=` or `:`, and runs to the end of its run of value characters at most. So
 * some run must hold both after such a place, and after the first one in it holds the most: after
 * the blank before the run, else after its first `=` or `:`. Only runs with a digit can: the digits
 * are found by a native search, and each run holding one is read once (a table for ASCII), the search
 * going on past its end. A necessary condition, so what passes it is matched as before. A minified
 * bundle's code windows held 46,846 UNQUOTED matches and not one such value: 14 of its 1,363 windows
 * pass, and the regex reads only those. A pass over every character of the windows (this function
 * before) took 14 ms of the 4 MB keyword bundle's scan; reading only runs with a digit, 3 ms.
 */
export function mayHoldCodeValue(s: string): boolean {
  const n = s.length;
  DIGITS.lastIndex = 0;
  while (DIGITS.test(s)) {
    const digit = DIGITS.lastIndex - 1;
    let from = digit;
    let before = 0;
    while (from > 0) {
      before = valueClass(s.charCodeAt(from - 1));
      if (endsRun(before)) break;
      from--;
    }
    let to = digit + 1;
    while (to < n && !endsRun(valueClass(s.charCodeAt(to)))) to++;
    // The first place in the run a value may start after: the blank before it, or its first `=` or `:`.
    let site = from > 0 && before === 1 ? from - 1 : -1;
    for (let i = from; site < 0 && i < to; i++) if (valueClass(s.charCodeAt(i)) === 3) site = i;
    if (site >= 0) {
      let letter = false;
      let digits = false;
      for (let i = site + 1; i < to; i++) {
        const k = valueClass(s.charCodeAt(i));
        if (k === 5) letter = true;
        else if (k === 4) digits = true;
        if (letter && digits) return true;
      }
    }
    DIGITS.lastIndex = to;
  }
  return false;
}
