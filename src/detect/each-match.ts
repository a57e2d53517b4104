/** Loops over a global regex's matches in a string, with no allocation beyond the matches. Pure. */

/**
 * Runs a global regex over `s` (exec loop: `matchAll` would clone the regex on every call, which costs
 * more than the match itself on short windows).
 */
export function each(re: RegExp, s: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0].length === 0) re.lastIndex++;
    fn(m);
  }
}

/**
 * The matches of the global regex `re` in `s`, as `each(re, s, fn)` finds them, but each search starts
 * near the next match of `site` (global too, at most `siteMax` characters long), which every match of
 * `re` holds, at most `reach` characters past its start: the stretches with no site are never tried.
 * A site is found with test(), which builds no match array: its start is taken as at most `siteMax`
 * before its end, which may start the search a little early, never late. Matches are never empty.
 */
export function eachNearSites(
  re: RegExp,
  site: RegExp,
  siteMax: number,
  reach: number,
  s: string,
  fn: (m: RegExpExecArray) => void,
): void {
  let cursor = 0;
  for (;;) {
    site.lastIndex = cursor;
    if (!site.test(s)) return;
    re.lastIndex = Math.max(cursor, site.lastIndex - siteMax - reach);
    const m = re.exec(s);
    if (m === null) return;
    fn(m);
    cursor = re.lastIndex;
  }
}
