/**
 * TOML annotator: a small position-aware scanner (smol-toml has no positions) for tables, arrays of
 * tables, dotted and quoted keys, inline tables, arrays and all four string kinds. smol-toml's parser
 * decides whether the document is valid; the scanner's spans are returned either way.
 */

import type { Annotation, KeySeg, KeySpan } from "../types.js";
import { tomlLib } from "../util/lazy.js";
import { readLineString, readString, TomlSyntax } from "./toml-strings.js";
import { type AnnotationError, lineOfOffset, MAX_DEPTH, messageOf, PathBudget, TOO_DEEP } from "./util.js";

const BARE_KEY = /[A-Za-z0-9_-]+/y;
const BARE_VALUE = /[A-Za-z0-9_+\-.:]+/y;
const TIME_AFTER_DATE = / \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?/y;

class TomlScanner {
  readonly spans: KeySpan[] = [];
  private readonly budget = new PathBudget();
  error?: AnnotationError;
  private i = 0;
  private table: KeySeg[] = [];
  /** Current index of each array of tables, by its resolved path. */
  private readonly arrayTables = new Map<string, number>();

  constructor(private readonly t: string) {}

  run(): void {
    for (;;) {
      this.skip(true);
      if (this.i >= this.t.length) return;
      const from = this.i;
      try {
        this.statement();
        this.endOfLine();
      } catch (e) {
        this.error ??= { message: messageOf(e), line: lineOfOffset(this.t, this.i) };
        this.i = Math.max(this.i, from + 1);
        this.toNextLine();
      }
    }
  }

  private statement(): void {
    const t = this.t;
    if (t[this.i] !== "[") {
      this.pair(this.table, 0);
      return;
    }
    const arrayTable = t.startsWith("[[", this.i);
    this.i += arrayTable ? 2 : 1;
    this.table = []; // after a broken header, its pairs land at the root rather than in the last table
    this.table = this.resolve(this.key(), arrayTable);
    this.expect(arrayTable ? "]]" : "]");
  }

  /** Header path with every array-of-tables prefix resolved to its current element. */
  private resolve(key: readonly string[], arrayTable: boolean): KeySeg[] {
    const out: KeySeg[] = [];
    key.forEach((k, n) => {
      out.push(k);
      const id = JSON.stringify(out);
      const current = this.arrayTables.get(id);
      if (arrayTable && n === key.length - 1) {
        this.arrayTables.set(id, (current ?? -1) + 1);
        out.push((current ?? -1) + 1);
      } else if (current !== undefined) {
        out.push(current);
      }
    });
    return out;
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skip(false);
      parts.push(this.keyPart());
      this.skip(false);
      if (this.t[this.i] !== ".") return parts;
      if (parts.length >= MAX_DEPTH) throw new TomlSyntax(TOO_DEEP);
      this.i++;
    }
  }

  private keyPart(): string {
    const c = this.t[this.i];
    if (c === '"' || c === "'") {
      const s = readLineString(this.t, this.i);
      this.i = s.next;
      return s.value;
    }
    BARE_KEY.lastIndex = this.i;
    const m = BARE_KEY.exec(this.t);
    if (!m) throw new TomlSyntax("invalid key");
    this.i += m[0].length;
    return m[0];
  }

  private pair(base: readonly KeySeg[], depth: number): void {
    const key = this.key();
    this.expect("=");
    this.skip(false);
    this.value([...base, ...key], depth);
  }

  private value(path: KeySeg[], depth: number): void {
    if (depth > MAX_DEPTH) throw new TomlSyntax(TOO_DEEP);
    const c = this.t[this.i];
    if (c === '"' || c === "'") {
      const s = readString(this.t, this.i);
      this.budget.take(path.length);
      this.spans.push({ path, start: s.start, end: s.end, value: s.value, raw: s.raw });
      this.i = s.next;
    } else if (c === "[") this.list("]", (n) => this.value([...path, n], depth + 1));
    else if (c === "{") this.list("}", () => this.pair(path, depth + 1));
    else this.bare(path);
  }

  /** An array or inline table: items separated by commas (trailing comma, newlines and comments ok). */
  private list(close: string, item: (n: number) => void): void {
    const t = this.t;
    this.i++;
    for (let n = 0; ; n++) {
      this.skip(true);
      if (t[this.i] === close) break;
      item(n);
      this.skip(true);
      if (t[this.i] === ",") this.i++;
      else if (t[this.i] !== close) throw new TomlSyntax(`expected , or ${close}`);
    }
    this.i++;
  }

  /** Numbers, booleans, dates and times: the source text is the value. */
  private bare(path: KeySeg[]): void {
    BARE_VALUE.lastIndex = this.i;
    const m = BARE_VALUE.exec(this.t);
    if (!m) throw new TomlSyntax("invalid value");
    let end = this.i + m[0].length;
    if (/^\d{4}-\d{2}-\d{2}$/.test(m[0])) {
      TIME_AFTER_DATE.lastIndex = end;
      end += TIME_AFTER_DATE.exec(this.t)?.[0].length ?? 0;
    }
    this.budget.take(path.length);
    this.spans.push({ path, start: this.i, end, value: this.t.slice(this.i, end), raw: true });
    this.i = end;
  }

  /** Whitespace and comments; also newlines when asked. */
  private skip(newlines: boolean): void {
    const t = this.t;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === " " || c === "\t" || (newlines && (c === "\n" || c === "\r"))) this.i++;
      else if (c === "#") this.toLineEnd();
      else return;
    }
  }

  private toLineEnd(): void {
    const nl = this.t.indexOf("\n", this.i);
    this.i = nl === -1 ? this.t.length : nl;
  }

  private toNextLine(): void {
    this.toLineEnd();
    if (this.i < this.t.length) this.i++;
  }

  private endOfLine(): void {
    this.skip(false);
    const c = this.t[this.i];
    if (c !== undefined && c !== "\n" && c !== "\r") throw new TomlSyntax("expected end of line");
  }

  private expect(s: string): void {
    this.skip(false);
    if (!this.t.startsWith(s, this.i)) throw new TomlSyntax(`expected ${s}`);
    this.i += s.length;
  }
}

function validate(text: string): AnnotationError | undefined {
  try {
    tomlLib().parse(text);
    return undefined;
  } catch (e) {
    const line = (e as { line?: unknown }).line;
    return typeof line === "number" ? { message: messageOf(e), line } : { message: messageOf(e) };
  }
}

export function annotateToml(text: string): Annotation {
  const scanner = new TomlScanner(text);
  scanner.run();
  const spans = scanner.spans.sort((a, b) => a.start - b.start);
  const error = validate(text) ?? scanner.error;
  return error ? { format: "toml", spans, error } : { format: "toml", spans };
}
