/**
 * Whether a keyed rule's keyword hit can belong to a key/value pair (valueFollows), judged where the
 * hits are planned (hit-plan.ts): the reading thread judges the hits of the files it hands over, so the
 * main thread, which does the rest of detection, does not. Pure, and small: the reading thread's
 * bundle holds it.
 */
import { charTable } from "../util/strings.js";

/** Characters of a name (`api_key`, `config.apiKey`, `x-api-key`, `@token`). */
const NAME_CHAR = charTable(/[A-Za-z0-9_$.@-]/);
/** What may close a quoted or indexed name before its operator: `"key": `, `['key'] = `. */
const NAME_CLOSE = charTable(/["'`\]]/);
/** Operators that introduce a value: `=` `:` `=>` `:=` `,` (call arguments) `||=` `??=`. */
const OPERATOR = charTable(/[=:,|?]/);
/** What a value given after a bare space starts with (`--token abcd`, `Bearer eyJ…`, `ENV KEY value`). */
const VALUE_CHAR = charTable(/[A-Za-z0-9+/=_.~"'`-]/);

/** Whether the name a keyword ending at `end` is part of opens an XML element (`<` right before it). */
function openingTag(text: string, end: number): boolean {
  let i = end - 1;
  const limit = Math.max(0, end - 128);
  while (i > limit && NAME_CHAR[text.charCodeAt(i - 1)] === 1) i--;
  return i > 0 && text.charCodeAt(i - 1) === 60;
}

/**
 * True when a keyword ending at `end` can belong to a key/value pair: the rest of its name, maybe a
 * closing quote, then an operator, or a space and a value of four or more characters, or the end of an
 * XML element's opening tag, or the `{` of a block or the `>` of an element a string names, or a
 * property list key's `</key>`. A keyword inside
 * `Object.keys(…)`, `for (const key of keys)` or `author` prose opens no window, which keeps key/value
 * extraction to the lines that can hold an assignment.
 */
export function valueFollows(text: string, end: number): boolean {
  const n = text.length;
  let i = end;
  const nameLimit = Math.min(n, end + 128);
  while (i < nameLimit && NAME_CHAR[text.charCodeAt(i)] === 1) i++;
  const named = i;
  for (let q = 0; q < 2 && i < n && NAME_CLOSE[text.charCodeAt(i)] === 1; q++) i++;
  const quoted = i > named;
  let spaces = 0;
  while (i < n && spaces < 8 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) {
    i++;
    spaces++;
  }
  if (i >= n) return false;
  if (OPERATOR[text.charCodeAt(i)] === 1) return true;
  // A property list's key, its value in the next element: `<key>ApiKey</key>`.
  if (text.startsWith("</key>", i)) return true;
  // An XML element's name, its text next: `<password>`, `<apiKey encrypted="false">`.
  const c = text.charCodeAt(i);
  if ((c === 62 || spaces > 0) && openingTag(text, end)) return true;
  // A block named by a string, its value inside: Terraform's `variable "db_password" {`; an element
  // named by its attribute, its text next: `<string name="api_key">`.
  if ((c === 123 || c === 62) && quoted) return true;
  if (spaces === 0) return false;
  let v = i;
  const valueLimit = Math.min(n, i + 4);
  while (v < valueLimit && VALUE_CHAR[text.charCodeAt(v)] === 1) v++;
  return v - i >= 4 || (v > i && v === n);
}
