/** TOML string tokens: basic "…", literal '…', multi-line basic """…""" and literal '''…'''. */

/**
 * What the scanner throws at a bad statement: a message and no stack trace. A file of 250,000 bad
 * lines threw as many, and building an Error for each (its stack trace above all) took nearly all of
 * its 2.4 s.
 */
export class TomlSyntax {
  constructor(readonly message: string) {}

  toString(): string {
    return this.message;
  }
}

export interface StringToken {
  /** Content offsets (inside the quotes; a newline right after an opening triple quote is skipped). */
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly raw: boolean;
  /** Offset just after the closing quote(s). */
  readonly next: number;
}

const ESCAPE =
  /\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|([btnfre"\\])|[ \t]*\r?\n[ \t\r\n]*)/g;
const SIMPLE: Readonly<Record<string, string>> = {
  b: "\b",
  t: "\t",
  n: "\n",
  f: "\f",
  r: "\r",
  e: "\u001b",
  '"': '"',
  "\\": "\\",
};

/** Resolves the escapes of a basic string (and line-ending backslashes of multi-line ones). */
export function unescapeBasic(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(ESCAPE, (match, u4?: string, u8?: string, x?: string, c?: string) => {
    const hex = u4 ?? u8 ?? x;
    if (hex) {
      const cp = Number.parseInt(hex, 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : match;
    }
    if (c) return SIMPLE[c] ?? c;
    return "";
  });
}

function token(t: string, quote: string, start: number, end: number, next: number): StringToken {
  const source = t.slice(start, end);
  const value = quote === '"' ? unescapeBasic(source) : source;
  return { start, end, value, raw: value === source, next };
}

/** A single-line string starting at t[i] (a quote). Throws when it does not end on its line. */
export function readLineString(t: string, i: number): StringToken {
  const q = t[i]!;
  const start = i + 1;
  let j = start;
  while (j < t.length && t[j] !== q) {
    if (t[j] === "\n") break;
    j += q === '"' && t[j] === "\\" && t[j + 1] !== "\n" ? 2 : 1;
  }
  if (j >= t.length || t[j] !== q) throw new TomlSyntax("unterminated string");
  return token(t, q, start, j, j + 1);
}

function readMultiString(t: string, i: number, q: string): StringToken {
  const close = q.repeat(3);
  let start = i + 3;
  if (t[start] === "\n") start++;
  else if (t.startsWith("\r\n", start)) start += 2;
  let j = start;
  while (j < t.length && !t.startsWith(close, j)) j += q === '"' && t[j] === "\\" ? 2 : 1;
  if (j >= t.length) throw new TomlSyntax("unterminated multi-line string");
  // Up to two quotes right before the closing delimiter belong to the content.
  for (let extra = 0; extra < 2 && t[j + 3] === q; extra++) j++;
  return token(t, q, start, j, j + 3);
}

/** Any string starting at t[i] (a quote). Throws when unterminated. */
export function readString(t: string, i: number): StringToken {
  const q = t[i]!;
  return t.startsWith(q.repeat(3), i) ? readMultiString(t, i, q) : readLineString(t, i);
}
