/** Offset ↔ 1-based line/column, built lazily and only for fragments with hits. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const s = [0];
      const t = this.text;
      let i = t.indexOf("\n");
      while (i !== -1) {
        s.push(i + 1);
        i = t.indexOf("\n", i + 1);
      }
      this.starts = s;
    }
    return this.starts;
  }

  /** 1-based line and column (in UTF-16 code units, 1-based) of `offset`. */
  position(offset: number): { line: number; column: number } {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - s[lo]! + 1 };
  }

  /** The text of the line containing `offset`, without its line break. */
  lineAt(offset: number): { start: number; end: number } {
    const t = this.text;
    const start = t.lastIndexOf("\n", offset - 1) + 1;
    let end = t.indexOf("\n", offset);
    if (end === -1) end = t.length;
    if (end > start && t.charCodeAt(end - 1) === 13) end--;
    return { start, end };
  }
}
