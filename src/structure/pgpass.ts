/**
 * `.pgpass` annotator (libpq's password file: `hostname:port:database:username:password`, a line each).
 * Its passwords stand under no name, so each is given the key path of its line's first four fields,
 * then `password`. A field's `\:` and `\\` are a colon and a backslash; a line starting with `#` is a
 * comment; a line of fewer than five fields is ignored, as libpq ignores it. Pure; never throws.
 */
import type { Annotation, KeySpan } from "../types.js";

/** Fields of a libpq password line: four to match, then the password. */
const FIELDS = 5;

export function annotatePgpass(text: string): Annotation {
  const spans: KeySpan[] = [];
  for (let at = 0; at < text.length; ) {
    let nl = text.indexOf("\n", at);
    if (nl === -1) nl = text.length;
    const end = text.charCodeAt(nl - 1) === 13 && nl > at ? nl - 1 : nl;
    if (text.charCodeAt(at) !== 35 /* # */) {
      const span = passwordOf(text, at, end);
      if (span !== undefined) spans.push(span);
    }
    at = nl + 1;
  }
  return { format: "pgpass", spans };
}

/** The password field of the line [from, to), with the other four fields as its path. */
function passwordOf(text: string, from: number, to: number): KeySpan | undefined {
  const fields: string[] = [];
  let field = "";
  let i = from;
  for (; i < to && fields.length < FIELDS - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < to) field += text[++i];
    else if (c === 58 /* : */) {
      fields.push(field);
      field = "";
    } else field += text[i];
  }
  if (fields.length < FIELDS - 1 || i >= to) return undefined;
  // libpq reads the password to the line's end, its escapes resolved; a later `:` is the password's.
  let value = "";
  for (let j = i; j < to; j++) {
    if (text.charCodeAt(j) === 92 && j + 1 < to) j++;
    value += text[j];
  }
  return {
    path: [fields.join(":"), "password"],
    start: i,
    end: to,
    value,
    raw: value === text.slice(i, to),
  };
}
