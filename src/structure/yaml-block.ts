/**
 * Block scalars for the fast YAML path (yaml-fast.ts): literal (`|`, `|-`) and folded (`>`, `>-`) ones,
 * with the yaml library's value and content range: a literal one's leading blank lines, blank lines
 * holding more spaces than the text, a folded one's blank and more-indented lines (Ansible's
 * `when: >` over lines). Keep chomping (`+`), indentation indicators and a folded scalar's leading
 * blank lines give `undefined`: the library's. Pure.
 */

export interface BlockScalar {
  /** Content range: first to last non-blank character of its lines. */
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** Where the next line after the scalar starts. */
  readonly resume: number;
}

/**
 * The block scalar whose header (`|`…) is at `at` on a line ending at `end`, owned by an entry at
 * column `indent` (its lines must be indented further).
 */
export function blockScalar(t: string, at: number, end: number, indent: number): BlockScalar | undefined {
  const folded = t.charCodeAt(at) === 62;
  let h = at + 1;
  const strip = t.charCodeAt(h) === 45;
  if (strip) h++;
  // Only blanks, or a comment after a blank, may follow the header.
  let r = h;
  while (r < end && t.charCodeAt(r) === 32) r++;
  if ((r < end && !(t.charCodeAt(r) === 35 && r > h)) || end >= t.length) return undefined;
  let body = "";
  let contentIndent = -1;
  let blanks = 0;
  /** Spaces on the longest blank line before the first content line (-1: none yet). */
  let leadingSpaces = -1;
  let first = -1;
  let lastEnd = -1;
  /** Whether the last line added was more indented than the text (or only blanks): never folded. */
  let lastSpaced = false;
  const add = (line: string, spaced: boolean) => {
    body = joined(body, line, lastEnd === -1, blanks, folded && !lastSpaced && !spaced);
    blanks = 0;
    lastSpaced = spaced;
  };
  let ls = end + 1;
  while (ls < t.length) {
    let le = t.indexOf("\n", ls);
    if (le === -1) le = t.length;
    let i = ls;
    while (i < le && t.charCodeAt(i) === 32) i++;
    if (i === le && contentIndent >= 0 && le - ls > contentIndent) {
      // A blank line holding more spaces than the text's indent (code an editor left indented): a
      // line of those spaces, never folded; the content range still ends at the last character that
      // is not a blank.
      add(t.slice(ls + contentIndent, le), true);
    } else if (i === le) {
      if (contentIndent < 0) leadingSpaces = Math.max(leadingSpaces, le - ls);
      blanks++;
    } else {
      if (contentIndent < 0) {
        if (i - ls <= indent) return undefined; // an empty block scalar
        contentIndent = i - ls;
        first = i;
        // Leading blank lines are line feeds of a literal scalar's value; more spaces than its lines
        // have, or a folded scalar's, are the library's.
        if (blanks > 0 && (folded || leadingSpaces > contentIndent)) return undefined;
      } else if (i - ls < contentIndent) break;
      add(t.slice(ls + contentIndent, le), i - ls > contentIndent);
      lastEnd = le;
    }
    ls = le + 1;
  }
  if (contentIndent < 0) return undefined;
  let to = lastEnd;
  while (to > first && t.charCodeAt(to - 1) === 32) to--;
  // Clip keeps one final line break, even at the end of the file.
  return { start: first, end: to, value: strip ? body : `${body}\n`, resume: Math.min(ls, t.length) };
}

/**
 * A block scalar's value with one more line: the blank lines before it and the break after the line
 * before, then the line. A literal scalar keeps every break. A folded one turns a single break between
 * two lines of text into a space and drops the break before blank lines; a break next to a line more
 * indented than the text stays. `first`: the first line (its leading blank lines are line feeds).
 */
function joined(body: string, line: string, first: boolean, blanks: number, fold: boolean): string {
  if (first) return "\n".repeat(blanks) + line;
  if (fold) return body + (blanks === 0 ? " " : "\n".repeat(blanks)) + line;
  return body + "\n".repeat(blanks + 1) + line;
}
