/**
 * TOML annotator: a small position-aware scanner (smol-toml has no positions). Tables, arrays of
 * tables, dotted and quoted keys, inline tables, arrays, all four string kinds. smol-toml is used only
 * to report syntax errors.
 */
import { parse } from "smol-toml";
import type { Annotation, KeySeg, KeySpan } from "../types.js";

class Scanner {
  i = 0;
  readonly spans: KeySpan[] = [];
  private table: KeySeg[] = [];
  private readonly arrayTables = new Map<string, number>();
  constructor(private readonly t: string) {}

  private ws(newlines: boolean): void {
    const t = this.t;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === " " || c === "\t" || (newlines && (c === "\n" || c === "\r"))) this.i++;
      else if (c === "#") while (this.i < t.length && t[this.i] !== "\n") this.i++;
      else break;
    }
  }

  private skipLine(): void {
    const nl = this.t.indexOf("\n", this.i);
    this.i = nl === -1 ? this.t.length : nl + 1;
  }

  document(): void {
    const t = this.t;
    while (this.i < t.length) {
      this.ws(true);
      if (this.i >= t.length) break;
      const start = this.i;
      try {
        if (t.startsWith("[[", this.i)) {
          this.i += 2;
          const key = this.key();
          this.table = this.resolve(key, true);
          this.expect("]]");
        } else if (t[this.i] === "[") {
          this.i++;
          this.table = this.resolve(this.key(), false);
          this.expect("]");
        } else {
          this.pair(this.table);
        }
      } catch {
        if (this.i === start) this.i++;
        this.skipLine();
      }
    }
  }

  /** Header path with array-of-tables prefixes resolved to their current element. */
  private resolve(key: string[], arrayTable: boolean): KeySeg[] {
    const out: KeySeg[] = [];
    key.forEach((k, n) => {
      out.push(k);
      const id = out.join("\u0000");
      const last = n === key.length - 1;
      if (last && arrayTable) {
        const idx = (this.arrayTables.get(id) ?? -1) + 1;
        this.arrayTables.set(id, idx);
        out.push(idx);
      } else if (this.arrayTables.has(id)) {
        out.push(this.arrayTables.get(id)!);
      }
    });
    return out;
  }

  private expect(s: string): void {
    this.ws(false);
    if (!this.t.startsWith(s, this.i)) throw new Error(`expected ${s}`);
    this.i += s.length;
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.ws(false);
      const c = this.t[this.i];
      if (c === '"' || c === "'") parts.push(this.string().value);
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.t.slice(this.i, this.i + 256));
        if (!m) throw new Error("bad key");
        parts.push(m[0]);
        this.i += m[0].length;
      }
      this.ws(false);
      if (this.t[this.i] !== ".") return parts;
      this.i++;
    }
  }

  private pair(base: readonly KeySeg[]): void {
    const key = this.key();
    this.expect("=");
    this.ws(false);
    this.value([...base, ...key]);
  }

  private value(path: KeySeg[]): void {
    const t = this.t;
    const c = t[this.i];
    if (c === '"' || c === "'") {
      const s = this.string();
      this.spans.push({ path, ...s });
    } else if (c === "[") {
      this.i++;
      for (let n = 0; ; n++) {
        this.ws(true);
        if (t[this.i] === "]") break;
        this.value([...path, n]);
        this.ws(true);
        if (t[this.i] === ",") this.i++;
        else if (t[this.i] !== "]") throw new Error("bad array");
      }
      this.i++;
    } else if (c === "{") {
      this.i++;
      for (;;) {
        this.ws(true);
        if (t[this.i] === "}") break;
        this.pair(path);
        this.ws(true);
        if (t[this.i] === ",") this.i++;
        else if (t[this.i] !== "}") throw new Error("bad inline table");
      }
      this.i++;
    } else {
      const m = /^[^\s,\]}#]+(?: [0-9:.+\-Z]+)?/.exec(t.slice(this.i, this.i + 128));
      if (!m) throw new Error("bad value");
      this.spans.push({ path, start: this.i, end: this.i + m[0].length, value: m[0], raw: true });
      this.i += m[0].length;
    }
  }

  private string(): { start: number; end: number; value: string; raw: boolean } {
    const t = this.t;
    const q = t[this.i]!;
    const multi = t.startsWith(q.repeat(3), this.i);
    const open = multi ? 3 : 1;
    let start = this.i + open;
    if (multi && t[start] === "\n") start++;
    else if (multi && t.startsWith("\r\n", start)) start += 2;
    const close = q.repeat(open);
    let j = start;
    while (j < t.length && !t.startsWith(close, j)) {
      if (!multi && t[j] === "\n") throw new Error("unterminated string");
      j += q === '"' && t[j] === "\\" ? 2 : 1;
    }
    if (j >= t.length) throw new Error("unterminated string");
    while (multi && t[j + open] === q) j++; // up to two quotes may end a multi-line string's content
    const rawText = t.slice(start, j);
    const value = q === '"' ? unescapeBasic(rawText) : rawText;
    this.i = j + open;
    return { start, end: j, value, raw: value === rawText };
  }
}

function unescapeBasic(s: string): string {
  return s.replace(
    /\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([btnfr"\\])|\r?\n\s*)/g,
    (_m, u4?: string, u8?: string, c?: string) => {
      if (u4 || u8) return String.fromCodePoint(Number.parseInt((u4 ?? u8)!, 16));
      if (c) return ({ b: "\b", t: "\t", n: "\n", f: "\f", r: "\r" } as Record<string, string>)[c] ?? c;
      return "";
    },
  );
}

export function annotateToml(text: string): Annotation {
  const s = new Scanner(text);
  s.document();
  const spans = s.spans.sort((a, b) => a.start - b.start);
  try {
    parse(text);
    return { format: "toml", spans };
  } catch (e) {
    const err = e as { line?: number; message?: string };
    return {
      format: "toml",
      spans,
      error: { message: (err.message ?? "TOML error").split("\n")[0]!, line: err.line },
    };
  }
}
