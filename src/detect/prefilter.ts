/**
 * Literal keyword prefilter: one Aho–Corasick pass over a fragment, ASCII case-insensitive, telling
 * which keywords occur and where. The automaton is compiled to a dense DFA over 128 ASCII codes (every
 * failure transition precomputed), so the scan loop is one table lookup per character. The loop runs
 * as WebAssembly (dfa-wasm.ts) where it can, and in JavaScript otherwise: both give the same hits.
 */
import { append } from "../util/arrays.js";
import { CHUNK, HIT_CAP, STREAMS, type WasmDfa, wasmDfa } from "./dfa-wasm.js";

/** Pieces of text at least this long are scanned as STREAMS shares at once (scanWasm). */
const STREAMS_MIN = 512;

const ALPHABET = 128; // the DFA indexes states as (state << 7) | code

/** Reads `into.length` bytes at `position` of a serialized matcher into `into`; returns how many it read. */
export type ReadAt = (into: Uint8Array, position: number) => number;

/** Zero bytes after a serialized matcher's head, so that its automaton starts at a multiple of 4. */
function headPad(headLength: number): number {
  return (4 - ((4 + headLength) % 4)) % 4;
}

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

  /** A matcher rebuilt from `serialize()` output; undefined when it was built for other keywords. */
  static deserialize(keywords: readonly string[], buf: Uint8Array): KeywordMatcher | undefined {
    return KeywordMatcher.readFrom(keywords, buf.length, (into, position) => {
      const part = buf.subarray(position, position + into.length);
      into.set(part);
      return part.length;
    });
  }

  /**
   * A matcher rebuilt from `size` bytes of `serialize()` output read through `read`, its automaton
   * read straight into the memory it is scanned from (the WebAssembly module's, where there is one):
   * its 1.3 MB were copied twice more before, from the file's bytes to an array and from that array
   * to the module, each copy into new pages (about 10 ms of every start on the 2-core machine, where
   * a page's first write costs 12-17 µs). Undefined when it was built for other keywords, or its
   * bytes are not whole.
   */
  static readFrom(keywords: readonly string[], size: number, read: ReadAt): KeywordMatcher | undefined {
    try {
      const len = Buffer.alloc(4);
      if (read(len, 0) !== 4) return undefined;
      const headLength = len.readUInt32LE(0);
      if (headLength > size - 4) return undefined; // not this format (never a huge buffer for it)
      const head = Buffer.alloc(headLength);
      if (read(head, 4) !== headLength) return undefined;
      const parsed = JSON.parse(head.toString("utf8")) as { keywords: string[]; out: (number[] | null)[] };
      if (parsed.keywords.length !== keywords.length || parsed.keywords.some((k, i) => k !== keywords[i]))
        return undefined;
      const start = 4 + head.length + headPad(head.length);
      const entries = parsed.out.length * ALPHABET;
      if (size - start !== entries * 4) return undefined;
      const out = parsed.out.map((o) => o ?? undefined);
      return KeywordMatcher.withTable(keywords, out, entries, (bytes) => read(bytes, start) === bytes.length);
    } catch {
      return undefined;
    }
  }

  /**
   * A matcher of `entries` automaton entries that `fill` writes (as bytes; false: it could not), into
   * the WebAssembly module's memory when the module is used, else into an array of their own.
   */
  private static withTable(
    keywords: readonly string[],
    out: (number[] | undefined)[],
    entries: number,
    fill: (bytes: Uint8Array) => boolean,
  ): KeywordMatcher | undefined {
    const fast = KeywordMatcher.wasm ? wasmDfa(entries) : undefined;
    const delta = fast ? fast.table : new Int32Array(entries);
    if (!fill(new Uint8Array(delta.buffer, delta.byteOffset, delta.byteLength))) return undefined;
    const m = new KeywordMatcher(keywords, { delta, out });
    if (fast) m.fast = fast;
    return m;
  }

  /** The compiled automaton as bytes (shipped in dist/ so start-up skips building it). */
  serialize(): Buffer {
    const head = Buffer.from(
      JSON.stringify({ keywords: this.keywords, out: this.out.map((o) => o ?? null) }),
      "utf8",
    );
    const len = Buffer.alloc(4);
    len.writeUInt32LE(head.length, 0);
    const table = Buffer.from(this.delta.buffer, this.delta.byteOffset, this.delta.byteLength);
    return Buffer.concat([len, head, Buffer.alloc(headPad(head.length)), table]);
  }

  constructor(
    readonly keywords: readonly string[],
    compiled?: { delta: Int32Array; out: (number[] | undefined)[] },
  ) {
    if (compiled) {
      this.delta = compiled.delta;
      this.out = compiled.out;
      return;
    }
    // Trie over lower-cased ASCII: goto[state * 128 + code] → child state, -1 where there is none.
    let max = 1;
    for (const kw of keywords) max += kw.length;
    const goto = new Int32Array(max * ALPHABET).fill(-1);
    const out: number[][] = [[]];
    let n = 1;
    keywords.forEach((kw, index) => {
      let s = 0;
      for (let i = 0; i < kw.length; i++) {
        const c = LOWER[kw.charCodeAt(i)] ?? ALPHABET;
        if (c >= ALPHABET) return; // non-ASCII keywords cannot be matched by the ASCII automaton
        let t = goto[s * ALPHABET + c]!;
        if (t < 0) {
          t = n++;
          out.push([]);
          goto[s * ALPHABET + c] = t;
        }
        s = t;
      }
      out[s]!.push(index);
    });
    // Breadth-first: failure links, and every missing transition taken from the failure state.
    const next = goto.subarray(0, n * ALPHABET);
    const fail = new Int32Array(n);
    const queue = new Int32Array(n);
    let qn = 0;
    for (let c = 0; c < ALPHABET; c++) {
      const t = next[c]!;
      if (t < 0) next[c] = 0;
      else queue[qn++] = t;
    }
    for (let qi = 0; qi < qn; qi++) {
      const s = queue[qi]!;
      const f = fail[s]!;
      if (out[f]!.length) append(out[s]!, out[f]!);
      const row = s * ALPHABET;
      const frow = f * ALPHABET;
      for (let c = 0; c < ALPHABET; c++) {
        const t = next[row + c]!;
        if (t < 0) next[row + c] = next[frow + c]!;
        else {
          fail[t] = next[frow + c]!;
          queue[qn++] = t;
        }
      }
    }
    // Encode: fold case (upper-case codes take their lower-case column), pre-multiply, sign = output.
    const delta = new Int32Array(n * ALPHABET);
    const hasOut = Uint8Array.from(out, (o) => (o.length ? 1 : 0));
    for (let i = 0; i < delta.length; i++) {
      const t = next[(i & ~(ALPHABET - 1)) | LOWER[i & (ALPHABET - 1)]!]!;
      delta[i] = hasOut[t] === 1 ? -(t * ALPHABET) : t * ALPHABET;
    }
    this.delta = delta;
    this.out = out.map((o) => (o.length ? o : undefined));
  }

  /**
   * Whether matchers scan with the WebAssembly loop (when WebAssembly is available).
   * AGENT_SECRETS_WASM=0 keeps the JavaScript loop (benches); tests compare the two.
   */
  static wasm = process.env.AGENT_SECRETS_WASM !== "0";

  /** This matcher's WebAssembly instance: made on first scan; null when there is none. */
  private fast: WasmDfa | null | undefined;

  /** Growable scratch for scanHitsMany (per matcher, so per thread). */
  private scratch: Int32Array = new Int32Array(4096);

  /** Offsets of scanHits' single text (scanHitsMany needs somewhere to write them). */
  private readonly single = new Int32Array(2);

  /**
   * Scans `text` once: every occurrence as a pair (keyword index, end offset), in text order, packed
   * into a new array of its own (it may cross a thread).
   */
  scanHits(text: string): Int32Array {
    return this.scanHitsMany([text], this.single);
  }

  /**
   * scanHits' pairs as a view of this matcher's scratch, valid only until its next scan: for a caller
   * that reads them at once (detect). A typed array of their own is allocated outside the heap once
   * it holds more than a few hits, and a history's thousands of fragments each paid for one: it took
   * more of the keyword pass's time than the scan itself.
   */
  scanHitsView(text: string): Int32Array {
    const n = this.scanInto([text], this.single);
    return this.scratch.subarray(0, n); // the scratch as the scan left it (it may have grown)
  }

  /**
   * Scans several texts in one call, packed: text k's pairs are hits[offsets[k],
   * offsets[k + 1]) (`offsets` has texts.length + 1 slots). One long-running call lets V8 optimize the
   * loop once for a whole batch of small files, where a call per file may end before it does.
   */
  scanHitsMany(texts: readonly string[], offsets: Int32Array): Int32Array {
    const n = this.scanInto(texts, offsets);
    return this.scratch.slice(0, n); // the scratch as the scan left it (it may have grown)
  }

  /** scanHitsMany into the scratch (which it may grow): returns how many numbers it wrote there. */
  private scanInto(texts: readonly string[], offsets: Int32Array): number {
    if (KeywordMatcher.wasm) {
      this.fast ??= this.wasmCopy();
      if (this.fast) return this.scanWasm(this.fast, texts, offsets);
    }
    const delta = this.delta;
    let hits = this.scratch;
    let h = 0;
    for (let t = 0; t < texts.length; t++) {
      offsets[t] = h;
      const text = texts[t]!;
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
          if (h + 2 * o.length > hits.length) hits = this.grow(h + 2 * o.length);
          for (let k = 0; k < o.length; k++) {
            hits[h++] = o[k]!;
            hits[h++] = i + 1;
          }
        }
      }
    }
    offsets[texts.length] = h;
    return h;
  }

  /** A WebAssembly instance holding a copy of this matcher's automaton, null where there is none. */
  private wasmCopy(): WasmDfa | null {
    const w = wasmDfa(this.delta.length);
    w?.table.set(this.delta);
    return w ?? null;
  }

  /**
   * scanHitsMany with the WebAssembly loops: they report (row, end) pairs; rows become keywords here.
   * A piece of at least STREAMS_MIN code units (and four longest keywords a share, so that a share is
   * longer than what it overlaps) is cut in STREAMS shares scanned at once (scanMany).
   * Each share after the first is read from the root state, starting longest - 1 code units before
   * it: every keyword that ends in the share starts there or later, so its stream finds exactly those.
   */
  private scanWasm(w: WasmDfa, texts: readonly string[], offsets: Int32Array): number {
    const mem = w.i32;
    this.longest ??= this.keywords.reduce((m, k) => Math.max(m, k.length), 1);
    const overlap = this.longest - 1;
    let h = 0;
    for (let t = 0; t < texts.length; t++) {
      offsets[t] = h;
      const text = texts[t]!;
      let state = 0;
      for (let base = 0; base < text.length; base += CHUNK) {
        const len = w.load(text, base);
        let i = 0;
        if (len >= STREAMS_MIN && len >= 4 * STREAMS * this.longest) {
          // Stream j starts `overlap` before j * span (stream 0 where the piece starts, in the carried
          // state) and runs span + overlap steps; it keeps the hits that end in (j * span, (j + 1) * span],
          // the last stream all past (STREAMS - 1) * span, going on alone to the piece's end.
          const span = Math.floor(len / STREAMS);
          const args: number[] = [];
          for (let j = 0; j < STREAMS; j++)
            args.push(j === 0 ? 0 : j * span - overlap, j === 0 ? state : 0, w.hitsAt + j * HIT_CAP * 8);
          w.scanMany(w.textAt, span + overlap, HIT_CAP, ...args);
          const counts = 2 * STREAMS; // stream j's hit count at mem[counts + j]
          let full = false;
          for (let j = 0; j < STREAMS; j++) if (mem[counts + j]! >= HIT_CAP) full = true;
          if (!full) {
            for (let j = 0; j < STREAMS; j++) {
              const after = j === 0 ? -1 : base + j * span;
              const upTo = j === STREAMS - 1 ? Number.MAX_SAFE_INTEGER : base + (j + 1) * span;
              h = this.addHits(
                mem,
                (w.hitsAt >> 2) + j * HIT_CAP * 2,
                mem[counts + j]!,
                base,
                after,
                upTo,
                h,
              );
            }
            i = mem[2 * (STREAMS - 1)]!;
            state = mem[2 * (STREAMS - 1) + 1]!;
          } else {
            // Hits full: the other streams' are dropped, and the first goes on alone to the end.
            h = this.addHits(mem, w.hitsAt >> 2, mem[counts]!, base, -1, Number.MAX_SAFE_INTEGER, h);
            i = mem[0]!;
            state = mem[1]!;
          }
        }
        do {
          const k = w.scan(w.textAt, i, len, state, w.hitsAt, HIT_CAP);
          h = this.addHits(mem, w.hitsAt >> 2, k, base, -1, Number.MAX_SAFE_INTEGER, h);
          i = mem[0]!;
          state = mem[1]!;
        } while (i < len);
      }
    }
    offsets[texts.length] = h;
    return h;
  }

  /** Longest keyword (what scanMany's streams overlap by, plus one), on first use. */
  private longest: number | undefined;

  /**
   * Appends the `k` (row, end) pairs the module wrote at i32 index `at` whose end (plus `base`) is in
   * (after, upTo], as (keyword, end) pairs at scratch[h]; returns the new h.
   */
  private addHits(
    mem: Int32Array,
    at: number,
    k: number,
    base: number,
    after: number,
    upTo: number,
    h: number,
  ): number {
    let hits = this.scratch;
    for (let j = 0; j < k; j++) {
      const end = base + mem[at + 2 * j + 1]!;
      if (end <= after || end > upTo) continue;
      const o = this.out[mem[at + 2 * j]! >>> 7]!; // a row start is state * 128
      if (h + 2 * o.length > hits.length) hits = this.grow(h + 2 * o.length);
      for (let q = 0; q < o.length; q++) {
        hits[h++] = o[q]!;
        hits[h++] = end;
      }
    }
    return h;
  }

  private grow(need: number): Int32Array {
    const next = new Int32Array(Math.max(need, this.scratch.length * 2));
    next.set(this.scratch);
    this.scratch = next;
    return next;
  }

  /** Scans `text` once. `onHit(keywordIndex, endOffset)` is called for every occurrence, in order. */
  scan(text: string, onHit: (kw: number, end: number) => void): void {
    const hits = this.scanHits(text);
    for (let k = 0; k < hits.length; k += 2) onHit(hits[k]!, hits[k + 1]!);
  }
}
