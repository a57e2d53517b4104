/**
 * Literal keyword prefilter: one Aho–Corasick pass over a fragment, ASCII case-insensitive, telling
 * which keywords occur and where. The automaton is compiled to a dense DFA over 128 ASCII codes (every
 * failure transition precomputed), so the scan loop is one table lookup per character.
 */

const ALPHABET = 128; // the DFA indexes states as (state << 7) | code

/** ASCII lowercase table. */
const LOWER = Uint8Array.from({ length: ALPHABET }, (_, c) => (c >= 65 && c <= 90 ? c | 0x20 : c));

export class KeywordMatcher {
  /**
   * delta[base(state) + code] → base(next), for every code below 128, both letter cases folded in.
   * base(state) = state * 128, negated when keywords end at the next state: the scan loop is one
   * lookup and one sign test per character.
   */
  private readonly delta: Int32Array;
  /** Keyword indexes ending at each state (including through failure links), or undefined. */
  private readonly out: (number[] | undefined)[];

  constructor(readonly keywords: readonly string[]) {
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    keywords.forEach((kw, index) => {
      let s = 0;
      for (let i = 0; i < kw.length; i++) {
        const c = LOWER[kw.charCodeAt(i)] ?? ALPHABET;
        if (c >= ALPHABET) return; // non-ASCII keywords cannot be matched by the ASCII automaton
        let t = goto[s]!.get(c);
        if (t === undefined) {
          t = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s]!.set(c, t);
        }
        s = t;
      }
      out[s]!.push(index);
    });
    const n = goto.length;
    const next = new Int32Array(n * ALPHABET);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const t = goto[0]!.get(c) ?? 0;
      next[c] = t;
      if (t !== 0) queue.push(t);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      const f = fail[s]!;
      if (out[f]!.length) out[s]!.push(...out[f]!);
      for (let c = 0; c < ALPHABET; c++) {
        const t = goto[s]!.get(c);
        if (t === undefined) {
          next[s * ALPHABET + c] = next[f * ALPHABET + c]!;
        } else {
          fail[t] = next[f * ALPHABET + c]!;
          next[s * ALPHABET + c] = t;
          queue.push(t);
        }
      }
    }
    // Encode: fold case (upper-case codes take their lower-case column), pre-multiply, sign = output.
    const delta = new Int32Array(n * ALPHABET);
    for (let s = 0; s < n; s++) {
      for (let c = 0; c < ALPHABET; c++) {
        const t = next[s * ALPHABET + LOWER[c]!]!;
        delta[s * ALPHABET + c] = out[t]!.length ? -(t * ALPHABET) : t * ALPHABET;
      }
    }
    this.delta = delta;
    this.out = out.map((o) => (o.length ? o : undefined));
  }

  /** Scans `text` once. `onHit(keywordIndex, endOffset)` is called for every occurrence. */
  scan(text: string, onHit: (kw: number, end: number) => void): void {
    const delta = this.delta;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= ALPHABET) {
        s = 0;
        continue;
      }
      s = delta[s + c]!;
      if (s < 0) {
        s = -s;
        const o = this.out[s / ALPHABET]!;
        for (let k = 0; k < o.length; k++) onHit(o[k]!, i + 1);
      }
    }
  }
}
