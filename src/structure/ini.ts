/**
 * INI annotator, for the credential files written in it: the AWS CLI's and SDKs' `~/.aws/credentials`
 * and `~/.aws/config`, s3cmd's `.s3cfg`, boto's `.boto`, `.pypirc`, MySQL's `.my.cnf`, and `*.ini`.
 * A value's key path is its section (the text inside `[…]`, as written: `profile dev`) and its name;
 * names before any section stand alone. Pure; the format has no syntax errors (other lines are skipped).
 */
import type { Annotation, KeySpan } from "../types.js";

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
      const e = entryIn(line, skip);
      if (e && (!commented || WORD.test(e.name))) {
        const { name, indent } = e;
        const nested = !commented && parent !== undefined && indent > parent.indent;
        const path = nested ? [...section, parent!.name, name] : [...section, name];
        const span = valueSpan(text, start + e.value, end, path);
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

const isBlank = (c: number) => c === 32 || c === 9;

/**
 * `name = value` or `name: value` in `line` from `from`: its indent, its name (blanks around it
 * trimmed) and where its value starts (blanks after the separator skipped). The separator is the first
 * `=`, or a colon before it that a blank or the line's end follows (a URL's colon is none); a name
 * starts with no blank, separator, bracket or comment mark. Found by searches, not a regex: a line of
 * blanks costs its length, once.
 */
function entryIn(line: string, from: number): { indent: number; name: string; value: number } | undefined {
  let i = from;
  while (i < line.length && isBlank(line.charCodeAt(i))) i++;
  if (i === line.length || "=:;#[]".includes(line[i]!)) return undefined;
  let sep = line.indexOf("=", i);
  if (sep === -1) sep = line.length;
  for (let c = line.indexOf(":", i); c !== -1 && c < sep; c = line.indexOf(":", c + 1)) {
    if (c + 1 === line.length || isBlank(line.charCodeAt(c + 1))) {
      sep = c;
      break;
    }
  }
  if (sep === line.length) return undefined;
  let nameEnd = sep;
  while (isBlank(line.charCodeAt(nameEnd - 1))) nameEnd--;
  let value = sep + 1;
  while (value < line.length && isBlank(line.charCodeAt(value))) value++;
  return { indent: i - from, name: line.slice(i, nameEnd), value };
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
    if ((c === 59 || c === 35) && isBlank(text.charCodeAt(i - 1))) end = i;
  }
  while (end > from && isBlank(text.charCodeAt(end - 1))) end--;
  if (end === from) return undefined;
  return { path, start: from, end, value: text.slice(from, end), raw: true };
}
