/** String helpers for the hot paths: character tables, and copies that hold no larger string alive. */

/** A lookup table over ASCII: 1 for each character `re` matches, 0 for the others. */
export function charTable(re: RegExp): Uint8Array {
  return Uint8Array.from({ length: 128 }, (_, c) => (re.test(String.fromCharCode(c)) ? 1 : 0));
}

/**
 * `s` as a string of its own, holding no larger string alive (short strings already are). V8 keeps a
 * substring of 13 or more characters as a view into the string it was cut from: kept in a cache or a
 * finding, a key name or a secret would keep its whole file, or the megabyte of git output it came
 * from, alive for the rest of the scan (on a 10,000-commit history that held about 100 MB).
 */
export function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * Orders strings by UTF-16 code units, as `<` does. Report order uses this rather than
 * `localeCompare`, whose first call in a process loads ICU's collation data (about 11 ms) and whose
 * order depends on the locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
