/**
 * dotenv annotator: `KEY=value`, `export KEY=value`, `KEY: value`, spaces around `=`. Single quotes
 * and backticks are literal, double quotes resolve escapes; quoted values may span lines. Unquoted
 * values end at a ` #` comment or the end of the line and are trimmed. An empty unquoted value has
 * no span. A commented-out assignment of a one-word value (`# KEY=value`, an old key kept for later)
 * has one too: the value is as real as any other. dotenv has no syntax errors: lines that are not
 * assignments are ignored.
 */
import type { Annotation, KeySpan } from "../types.js";

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:=|:[ \t])[ \t]*/gm;
/** `# KEY=value` (or `#export KEY="value"`), the value one word, quoted or not. */
const COMMENTED =
  /^[ \t]*#[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(["'`]?)([^\s"'`#]+)\2[ \t]*$/gm;
const ESCAPE = /\\([nrtfvab"'\\$`])/g;
const SIMPLE: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  f: "\f",
  v: "\v",
  a: "\u0007",
  b: "\b",
};

function unescapeDouble(s: string): string {
  return s.includes("\\") ? s.replace(ESCAPE, (_m, c: string) => SIMPLE[c] ?? c) : s;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl === -1 ? text.length : nl;
}

/** Offset of the closing quote of a value opened at `at`, or -1 when it is never closed. */
function closingQuote(text: string, at: number): number {
  const q = text[at];
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === q) return i;
    if (c === "\\" && q === '"') i++;
  }
  return -1;
}

/** An unquoted value from `from`: up to a comment (`#` after whitespace) or the line end, trimmed. */
function unquoted(text: string, key: string, from: number, afterSpace: boolean): KeySpan | undefined {
  let end = lineEnd(text, from);
  for (let i = from; i < end; i++) {
    if (text[i] === "#" && (i > from ? /[ \t]/.test(text[i - 1]!) : afterSpace)) end = i;
  }
  while (end > from && /\s/.test(text[end - 1]!)) end--;
  if (end === from) return undefined;
  const value = text.slice(from, end);
  return { path: [key], start: from, end, value, raw: true };
}

function quoted(text: string, key: string, at: number, close: number): KeySpan {
  const source = text.slice(at + 1, close);
  const value = text[at] === '"' ? unescapeDouble(source) : source;
  return { path: [key], start: at + 1, end: close, value, raw: value === source };
}

export function annotateDotenv(text: string): Annotation {
  const spans: KeySpan[] = [];
  const re = new RegExp(ASSIGNMENT.source, ASSIGNMENT.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const key = m[1]!;
    const at = m.index + m[0].length;
    const q = text[at];
    const close = q === '"' || q === "'" || q === "`" ? closingQuote(text, at) : -1;
    if (close !== -1) {
      spans.push(quoted(text, key, at, close));
      re.lastIndex = close + 1;
      continue;
    }
    // An unterminated quote is kept as part of an unquoted value.
    const span = unquoted(text, key, at, /[ \t]$/.test(m[0]));
    if (span) spans.push(span);
    re.lastIndex = Math.max(re.lastIndex, lineEnd(text, at));
  }
  if (text.includes("#")) commentedOut(text, spans);
  return { format: "dotenv", spans };
}

/** The commented-out assignments' values, added to `spans` (annotate() puts them in order). */
function commentedOut(text: string, spans: KeySpan[]): void {
  const re = new RegExp(COMMENTED.source, COMMENTED.flags);
  // Lines inside a quoted value of several lines are that value's, not comments.
  const multiline = spans.filter((s) => {
    const nl = text.indexOf("\n", s.start);
    return nl !== -1 && nl < s.end;
  });
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const value = m[3]!;
    const start = m.index + m[0].lastIndexOf(value);
    if (multiline.some((s) => s.start <= start && start < s.end)) continue;
    spans.push({ path: [m[1]!], start, end: start + value.length, value, raw: true });
  }
}
