/**
 * Pairs written in a structured file's comments. The annotators give comments no spans, so the pairs
 * read from a parsed file's values never hold them; yet a credential left in a comment (`# password:
 * …` above the line that replaced it, a JSONC setting commented out) is as live as the line that was
 * there. Pure.
 */
import type { SpanList, StructFormat } from "../types.js";
import { lastStartingBy } from "../util/span-list.js";
import { type KeyValue, type LineScanOptions, pairsFromText } from "./assign.js";

/**
 * The mark that opens a line comment, by format. dotenv and INI read their commented-out assignments
 * into spans themselves (structure/dotenv.ts, ini.ts); a notebook's cells are read as text anyway.
 */
const LINE_COMMENT: Partial<Record<StructFormat, string>> = { yaml: "#", toml: "#", jsonc: "//", json: "//" };

/**
 * The pairs in the comments the window [from, to) meets, appended to `out`: from the format's comment
 * mark, first on its line or after a blank, to the line's end, where the mark lies in no value (a YAML
 * block scalar's lines, a multi-line string's, a quoted `#`, are their value's, read with it). Only
 * the window is searched (its marks, and the blanks before each): a one-line dump's windows never
 * read the rest of its line.
 */
export function commentPairs(
  text: string,
  list: SpanList,
  format: StructFormat,
  from: number,
  to: number,
  opts: LineScanOptions,
  out: KeyValue[],
): void {
  const mark = LINE_COMMENT[format];
  if (mark === undefined) return;
  const window = text.slice(from, to);
  for (let k = window.indexOf(mark); k !== -1; ) {
    const at = from + k;
    let b = at - 1;
    while (b >= 0 && b > at - 64 && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9)) b--;
    // A comment: the mark first on its line, or after a blank (`port: 5432  # password: …`).
    if ((b >= 0 && b === at - 1 && text.charCodeAt(b) !== 10) || inValue(list, at)) {
      k = window.indexOf(mark, k + mark.length);
      continue;
    }
    const nl = window.indexOf("\n", k);
    pairsFromText(text, at + mark.length, nl === -1 ? to : from + nl, opts, out);
    k = nl === -1 ? -1 : window.indexOf(mark, nl + 1);
  }
}

/** Whether offset `at` lies inside a value's span. */
function inValue(list: SpanList, at: number): boolean {
  const k = lastStartingBy(list, at);
  return k >= 0 && list.end(k) > at;
}
