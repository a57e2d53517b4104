/** dotenv annotator: KEY=value, export KEY=value, quotes (single literal, double with escapes and newlines). */
import type { Annotation, KeySpan } from "../types.js";

const LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:=|:[ \t])[ \t]*/gm;

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\$`])/g, (_m, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
}

export function annotateDotenv(text: string): Annotation {
  const spans: KeySpan[] = [];
  LINE.lastIndex = 0;
  for (let m = LINE.exec(text); m !== null; m = LINE.exec(text)) {
    const key = m[1]!;
    const at = m.index + m[0].length;
    const q = text[at];
    if (q === '"' || q === "'" || q === "`") {
      let i = at + 1;
      while (i < text.length && text[i] !== q) i += text[i] === "\\" && q === '"' ? 2 : 1;
      const inner = text.slice(at + 1, Math.min(i, text.length));
      const value = q === '"' ? unescapeDouble(inner) : inner;
      spans.push({ path: [key], start: at + 1, end: at + 1 + inner.length, value, raw: value === inner });
      LINE.lastIndex = Math.min(text.length, i + 1);
      continue;
    }
    let end = text.indexOf("\n", at);
    if (end === -1) end = text.length;
    let raw = text.slice(at, end).replace(/\r$/, "");
    const comment = raw.search(/[ \t]#/);
    if (comment !== -1) raw = raw.slice(0, comment);
    raw = raw.replace(/[ \t]+$/, "");
    if (raw.length) spans.push({ path: [key], start: at, end: at + raw.length, value: raw, raw: true });
  }
  return { format: "dotenv", spans };
}
