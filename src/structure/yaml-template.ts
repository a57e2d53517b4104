/**
 * YAML that is a template until rendered: a Helm chart's `templates/` (Go templates, `{{ … }}`), an
 * Ansible or Salt file with Jinja blocks (`{% … %}`, `{# … #}`). Its actions break the YAML around
 * them (`{{- include "labels" . | nindent 4 }}` alone on a line), so the fast path declined it and the
 * yaml library failed on nearly every such file, at a few milliseconds a kilobyte (120 Helm templates
 * of 80 KB: 233 ms, and a parse-failed note each). Each action blanked out, the same length and line
 * breaks kept, leaves the YAML the template renders around: the fast path reads it, and the spans on
 * lines without an action are the template's own literal keys and values, at their offsets. Pure.
 */
import { LineIndex } from "../util/lines.js";
import type { SpanTable } from "./span-table.js";
import { fastYamlTable } from "./yaml-fast.js";

/** Where a Go template action or comment, a Jinja statement, expression or comment opens. */
const OPENER = /\{[{%#]/g;
/** The closer of each opener, by its second character. */
const CLOSER: Record<string, string> = { "{": "}}", "%": "%}", "#": "#}" };

/**
 * Everything but line breaks as blanks, so offsets and lines stay where they were. Most actions sit on
 * one line: one run of blanks. A replace of each character on its own built the result a character at
 * a time (10 MB of allocations for 1.5 MB of Helm templates).
 */
function blank(s: string): string {
  if (!s.includes("\n") && !s.includes("\r")) return " ".repeat(s.length);
  return s.replace(/[^\r\n]+/g, (run) => " ".repeat(run.length));
}

/**
 * Spans of a templated YAML text: the fast path's over the text with its actions blanked, but those on a
 * line with an action. Undefined when the text holds no action or the blanked text is not plain block
 * YAML either.
 */
export function templatedYamlTable(text: string): SpanTable | undefined {
  if (!text.includes("{{") && !text.includes("{%") && !text.includes("{#")) return undefined;
  // Each action runs from its opener to the first closer of its kind (over lines too). An opener never
  // closed ends the search, the rest left as written: the text is read about once, however many
  // openers it holds (a megabyte of `{{` with no `}}` is one search).
  const actions: number[] = [];
  let blanked = "";
  let copied = 0;
  // The first character of the line the search is on that is no blank, found once per line as the
  // search moves down (a long line of many actions is not searched back from each).
  let nextLine = 0;
  let firstChar = 0;
  OPENER.lastIndex = 0;
  for (let m = OPENER.exec(text); m !== null; m = OPENER.exec(text)) {
    const close = text.indexOf(CLOSER[text[m.index + 1]!]!, m.index + 2);
    if (close === -1) break;
    let end = close + 2;
    while (nextLine <= m.index) {
      firstChar = nextLine;
      while (text.charCodeAt(firstChar) === 32) firstChar++;
      const nl = text.indexOf("\n", nextLine);
      nextLine = nl === -1 ? text.length + 1 : nl + 1;
    }
    // An action that starts its line renders what the line is (`{{ $key }}: {{ $val }}` in a range, a
    // key from the values): the rest of its line goes blank with it.
    if (m.index === firstChar) {
      const nl = text.indexOf("\n", end);
      end = nl === -1 ? text.length : nl;
    }
    actions.push(m.index, end);
    blanked += text.slice(copied, m.index) + blank(text.slice(m.index, end));
    copied = end;
    OPENER.lastIndex = end;
  }
  blanked += text.slice(copied);
  if (actions.length === 0) return undefined;
  const spans = fastYamlTable(blanked);
  if (!spans) return undefined;
  // A value on a line with an action is what the template renders, not what it holds (`x-{{ .v }}`,
  // `{{ .a }} b`): only spans whose lines hold no action are kept. A value that is not its source text
  // (a block scalar, folded lines) may hold lines past its end offset (a block's blank lines, maybe a
  // blanked action): its lines run on to the next span's. Lines are numbered once (LineIndex), and
  // `marked[l]` counts the lines before line l that hold an action, so each span asks in constant time.
  const lines = new LineIndex(text);
  const last = lines.lineIndex(text.length);
  const holds = new Uint8Array(last + 1);
  for (let k = 0; k < actions.length; k += 2) {
    const to = lines.lineIndex(actions[k + 1]! - 1);
    for (let l = lines.lineIndex(actions[k]!); l <= to; l++) holds[l] = 1;
  }
  const marked = new Int32Array(last + 2);
  for (let l = 0; l <= last; l++) marked[l + 1] = marked[l]! + holds[l]!;
  const n = spans.length;
  spans.keepOnly((k) => {
    const first = lines.lineIndex(spans.start(k));
    let final = lines.lineIndex(spans.end(k));
    if (!spans.raw(k)) final = Math.max(final, k + 1 < n ? lines.lineIndex(spans.start(k + 1)) - 1 : last);
    return marked[final + 1] === marked[first];
  }, text);
  return spans;
}
