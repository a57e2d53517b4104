/**
 * `.netrc` annotator (`machine HOST login USER password SECRET`, the file curl, git, ftp, Python's
 * netrc and the Heroku CLI read logins from). Its passwords stand under no `name=`, only after a
 * `password` token, so assignment-shaped lines never hold them: each value is given the key path of
 * its machine, then `login`, `password` or `account`. Pure; the format has no syntax errors.
 */
import type { Annotation, KeySpan } from "../types.js";

/** The tokens of a netrc entry whose next token is a value, which is given the token as its key. */
const NETRC_VALUES = new Set(["login", "password", "account"]);

const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/**
 * A `.netrc`: whitespace-separated tokens (a line's `#` at a token's start opens a comment, as curl and
 * Python read it; a token in double quotes may hold blanks and `\` escapes, as curl reads it), entries
 * opened by `machine NAME` or `default`, and a `macdef NAME` body that runs to the first empty line.
 */
export function annotateNetrc(text: string): Annotation {
  const spans: KeySpan[] = [];
  const tokens = netrcTokens(text);
  let host = "default";
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.value;
    if (word === "machine" && i + 1 < tokens.length) host = tokens[++i]!.value;
    else if (word === "default") host = "default";
    else if (word === "macdef") i = skipMacro(text, tokens, i);
    else if (NETRC_VALUES.has(word) && i + 1 < tokens.length) {
      const t = tokens[++i]!;
      spans.push({
        path: [host, word],
        start: t.start,
        end: t.end,
        value: t.value,
        raw: t.raw,
      });
    }
  }
  return { format: "netrc", spans };
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly raw: boolean;
}

function netrcTokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl + 1;
      continue;
    }
    if (c === 34 /* " */) {
      let value = "";
      let j = i + 1;
      for (; j < text.length && text.charCodeAt(j) !== 34; j++) {
        if (text.charCodeAt(j) === 92 /* \ */ && j + 1 < text.length) j++;
        value += text[j];
      }
      out.push({ start: i + 1, end: j, value, raw: value === text.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !isBlank(text.charCodeAt(j))) j++;
    out.push({ start: i, end: j, value: text.slice(i, j), raw: true });
    i = j;
  }
  return out;
}

/** The index of the last token of the macro that `macdef` at `at` opens: its body ends at an empty line. */
function skipMacro(text: string, tokens: readonly Token[], at: number): number {
  const name = tokens[at + 1];
  if (name === undefined) return at;
  const blank = /\n[ \t]*\r?\n/g;
  blank.lastIndex = name.end;
  const end = blank.exec(text)?.index ?? text.length;
  let i = at + 1;
  while (i + 1 < tokens.length && tokens[i + 1]!.start < end) i++;
  return i;
}
