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

  /** 0-based index of the line holding `offset` (a binary search of the line starts). */
  lineIndex(offset: number): number {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and column (in UTF-16 code units, 1-based) of `offset`. */
  position(offset: number): { line: number; column: number } {
    const lo = this.lineIndex(offset);
    return { line: lo + 1, column: offset - this.lineStarts()[lo]! + 1 };
  }

  /** Whether line `index` (0-based) holds `needle`; every line holding it is found in one pass. */
  lineHas(index: number, needle: string): boolean {
    let lines = this.holding.get(needle);
    if (!lines) {
      lines = new Set();
      for (let at = this.text.indexOf(needle); at !== -1; at = this.text.indexOf(needle, at + 1))
        lines.add(this.lineIndex(at));
      this.holding.set(needle, lines);
    }
    return lines.has(index);
  }

  /** Per needle asked of lineHas: the lines holding it. */
  private readonly holding = new Map<string, Set<number>>();
}
