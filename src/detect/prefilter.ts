/**
 * Literal keyword prefilter: one Aho–Corasick pass over a fragment, ASCII case-insensitive,
 * telling which keywords occur (and where, for the keywords that drive key/value extraction).
 */

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Keyword indexes ending at this node (including via fail links). */
  out: number[];
}

export class KeywordMatcher {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  /** Dense transition table for the root, the hottest state. */
  private readonly rootNext = new Int32Array(128).fill(0);

  constructor(readonly keywords: readonly string[]) {
    keywords.forEach((kw, i) => {
      this.add(kw, i);
    });
    this.build();
  }

  private add(kw: string, index: number): void {
    let s = 0;
    for (let i = 0; i < kw.length; i++) {
      const c = lowerCode(kw.charCodeAt(i));
      const node = this.nodes[s]!;
      let t = node.next.get(c);
      if (t === undefined) {
        t = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [] });
        node.next.set(c, t);
      }
      s = t;
    }
    this.nodes[s]!.out.push(index);
  }

  private build(): void {
    const queue: number[] = [];
    for (const [c, t] of this.nodes[0]!.next) {
      queue.push(t);
      if (c < 128) this.rootNext[c] = t;
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      const node = this.nodes[s]!;
      for (const [c, t] of node.next) {
        queue.push(t);
        let f = node.fail;
        while (f !== 0 && !this.nodes[f]!.next.has(c)) f = this.nodes[f]!.fail;
        const via = this.nodes[f]!.next.get(c);
        const target = this.nodes[t]!;
        target.fail = via !== undefined && via !== t ? via : 0;
        target.out.push(...this.nodes[target.fail]!.out);
      }
    }
  }

  /**
   * Scans `text` once. `onHit(keywordIndex, endOffset)` is called for every occurrence.
   */
  scan(text: string, onHit: (kw: number, end: number) => void): void {
    const nodes = this.nodes;
    const rootNext = this.rootNext;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = lowerCode(text.charCodeAt(i));
      if (s === 0) {
        s = c < 128 ? rootNext[c]! : (nodes[0]!.next.get(c) ?? 0);
        if (s === 0) continue;
      } else {
        let t = nodes[s]!.next.get(c);
        while (t === undefined && s !== 0) {
          s = nodes[s]!.fail;
          t = nodes[s]!.next.get(c);
        }
        s = t ?? 0;
        if (s === 0) continue;
      }
      const out = nodes[s]!.out;
      for (let k = 0; k < out.length; k++) onHit(out[k]!, i + 1);
    }
  }
}

function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}
