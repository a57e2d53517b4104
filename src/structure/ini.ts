/**
 * INI annotator, for the credential files written in it: the AWS CLI's and SDKs' `~/.aws/credentials`
 * and `~/.aws/config`, s3cmd's `.s3cfg`, boto's `.boto`, `.pypirc`, MySQL's `.my.cnf`, and `*.ini`.
 * A value's key path is its section (the text inside `[…]`, as written: `profile dev`) and its name;
 * names before any section stand alone. Pure; the format has no syntax errors (other lines are skipped).
 */
import type { Annotation, KeySpan } from "../types.js";

/**
 * `name = value` or `name: value` (a colon followed by a blank or the line's end, so a URL's or an
 * npm registry key's colon is no separator), the name with no `=`, brackets or comment marks.
 */
const ENTRY = /^([ \t]*)([^\s=:;#[\]][^=:\n]*?)[ \t]*(?:=|:(?=[ \t]|$))[ \t]*/;
/** `[section]`, maybe with a comment after it. */
const SECTION = /^[ \t]*\[([^\]\n]*)\][ \t]*(?:[;#]|$)/;
/** A commented-out assignment: `# name = value`, `;name=value`. Its value is as real as any other. */
const COMMENTED = /^[ \t]*[;#][ \t]*(?=[A-Za-z_][\w.-]*[ \t]*[=:])/;
/** A name as a commented-out assignment's must be: one word. */
const WORD = /^[A-Za-z_][\w.-]*$/;

/**
 * Reads `text` line by line. A value runs to its line's end, less a comment (`;` or `#` after a blank)
 * and blanks; one pair of quotes around it is not part of it. An indented `name = value` under a name
 * with no value is nested under that name (the AWS config's `s3 =` block). A commented-out assignment
 * is read too when its value is one word (prose in comments has blanks).
 */
export function annotateIni(text: string): Annotation {
  const spans: KeySpan[] = [];
  let section: string[] = [];
  /** The last name with no value and the indent of its line: the parent of the indented lines after it. */
  let parent: { name: string; indent: number } | undefined;
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf("\n", start);
    let end = nl === -1 ? text.length : nl;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    const line = text.slice(start, end);
    const header = SECTION.exec(line);
    if (header) {
      section = [header[1]!.trim()];
      parent = undefined;
    } else {
      const commented = COMMENTED.exec(line);
      const skip = commented ? commented[0].length : 0;
      const m = ENTRY.exec(skip ? line.slice(skip) : line);
      const name = m?.[2];
      if (m && name !== undefined && (!commented || WORD.test(name))) {
        const indent = m[1]!.length;
        const nested = !commented && parent !== undefined && indent > parent.indent;
        const path = nested ? [...section, parent!.name, name] : [...section, name];
        const span = valueSpan(text, start + skip + m[0].length, end, path);
        if (commented) {
          if (span && !/\s/.test(span.value)) spans.push(span);
        } else {
          if (!nested) parent = span ? undefined : { name, indent };
          if (span) spans.push(span);
        }
      }
    }
    start = nl === -1 ? text.length : nl + 1;
  }
  return { format: "ini", spans };
}

/** The value from `from` to the line's end `to`: quoted, or up to a comment, trimmed; none when empty. */
function valueSpan(text: string, from: number, to: number, path: string[]): KeySpan | undefined {
  const q = text[from];
  if (q === '"' || q === "'") {
    const close = text.lastIndexOf(q, to - 1);
    if (close > from && /^[ \t]*(?:[;#].*)?$/.test(text.slice(close + 1, to))) {
      return close > from + 1
        ? { path, start: from + 1, end: close, value: text.slice(from + 1, close), raw: true }
        : undefined;
    }
  }
  let end = to;
  for (let i = from + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    const before = text.charCodeAt(i - 1);
    if ((c === 59 || c === 35) && (before === 32 || before === 9)) end = i;
  }
  while (end > from && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (end === from) return undefined;
  return { path, start: from, end, value: text.slice(from, end), raw: true };
}
