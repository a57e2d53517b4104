/**
 * The keyword automaton's scan loops as a small WebAssembly module. The JavaScript loop
 * (prefilter.ts) runs at 3-6 ns a character on the 2-core machine, and each thread pays its JIT
 * warm-up; `scan` runs at about 3 ns from its first call, and `scanMany`, four streams of one text in
 * lock step, at about 1.5 ns. The module is assembled here, from the instruction lists below (about
 * 700 bytes), so the project ships no binary and needs no assembler.
 *
 * Memory: [0, TABLE) where the loops leave their positions, states and hit counts when they return;
 * from TABLE the automaton exactly as prefilter.ts keeps it (one i32 per state and ASCII code: the
 * next state's row start, state * 128, negated when keywords end there); then the text (UTF-16 code
 * units, as JavaScript strings hold them) and the hits: (row start, end offset) pairs, one area per
 * stream.
 *
 * scan(text, i, end, state, hits, cap) reads code units i..end-1 of the text at byte address `text`,
 * starting in `state` (a row start), writes at most `cap` hit pairs at `hits` and returns how many;
 * it stops early when the hits are full, and leaves where it stopped at [0] and [4].
 */

/** Byte address of the automaton in the module's memory (below it: scanMany's 3 × STREAMS results). */
export const TABLE = 64;

const I32 = 0x7f;
const VOID = 0x40;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  load: 0x28,
  load16: 0x2f,
  store: 0x36,
  const: 0x41,
  ltS: 0x48,
  geU: 0x4f,
  add: 0x6a,
  sub: 0x6b,
  shl: 0x74,
} as const;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const last = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(last ? b : b | 0x80);
    if (last) return out;
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const get = (x: number) => [op.get, x];
const set = (x: number) => [op.set, x];
const k = (n: number) => [op.const, ...sleb(n)];

/**
 * One stream's step of a scan loop (inside `block (loop (…))`): read a code unit at `i`, advance `i`,
 * move `state`, and on a keyword end write (row start, end) at `hits + h * 8` and count it in `h`,
 * leaving the loop when the hits are full.
 */
function streamStep(
  text: number,
  i: number,
  state: number,
  hits: number,
  h: number,
  cap: number,
  c: number,
): number[] {
  const hitAt = [...get(hits), ...get(h), ...k(3), op.shl, op.add]; // hits + h * 8
  // biome-ignore format: an instruction group per line, as commented
  return [
    // c = text[i++]
    ...get(text), ...get(i), ...k(1), op.shl, op.add, op.load16, 1, 0, ...set(c),
    ...get(i), ...k(1), op.add, ...set(i),
    // a code unit past ASCII: back to the root; else state = table[state + c]
    ...get(c), ...k(128), op.geU,
    op.if, VOID, ...k(0), ...set(state),
    op.else,
    ...get(state), ...get(c), op.add, ...k(2), op.shl, op.load, 2, ...uleb(TABLE),
    // a negative entry: keywords end here
    op.tee, state, ...k(0), op.ltS,
    op.if, VOID,
    ...k(0), ...get(state), op.sub, ...set(state),
    ...hitAt, ...get(state), op.store, 2, 0,
    ...hitAt, ...get(i), op.store, 2, 4,
    // h++; leave the loop (if, else, loop, block: depth 3) when the hits are full
    ...get(h), ...k(1), op.add, op.tee, h, ...get(cap), op.geU, op.brIf, 3,
    op.end,
    op.end,
  ];
}

/** The scan function's body: parameters 0-5 as documented above, locals 6 (hits written) and 7 (code unit). */
function scanBody(): number[] {
  const [text, i, end, state, hits, cap, h, c] = [0, 1, 2, 3, 4, 5, 6, 7];
  // biome-ignore format: an instruction group per line, as commented
  const code = [
    op.block, VOID,
    op.loop, VOID,
    // while (i < end)
    ...get(i), ...get(end), op.geU, op.brIf, 1,
    ...streamStep(text, i, state, hits, h, cap, c),
    op.br, 0,
    op.end,
    op.end,
    ...k(0), ...get(i), op.store, 2, 0,
    ...k(4), ...get(state), op.store, 2, 0,
    ...get(h),
    op.end,
  ];
  const body = [...vec([[2, I32]]), ...code];
  return [...uleb(body.length), ...body];
}

/**
 * Streams scanMany runs at once. Measured on the 2-core machine, scanHitsMany over the synthetic
 * tree's 105 million characters (medians of 12): one stream 330-385 ms, two 245-320, four 180-280,
 * six and eight no faster than four.
 */
export const STREAMS = 4;

/**
 * scanMany's body: parameters text, end0, cap, then each stream's position, state and hits address
 * (3 + 3 * STREAMS); locals: each stream's hit count, then c. STREAMS streams of the same text in lock
 * step, until the first reaches end0 or any's hits are full: each character's lookup waits on the one
 * before it, and independent chains keep the core busy where one leaves it waiting. Leaves stream j's
 * position and state at [8j] and [8j + 4], its hit count at [8 * STREAMS + 4j]; returns stream 0's.
 */
function scanManyBody(): number[] {
  const n = STREAMS;
  const [text, end0, cap] = [0, 1, 2];
  const pos = (j: number) => 3 + 3 * j;
  const st = (j: number) => 4 + 3 * j;
  const hitsOf = (j: number) => 5 + 3 * j;
  const count = (j: number) => 3 + 3 * n + j;
  const c = 3 + 4 * n;
  const streams = Array.from({ length: n }, (_, j) => j);
  const steps = streams.flatMap((j) => streamStep(text, pos(j), st(j), hitsOf(j), count(j), cap, c));
  // biome-ignore format: one store per line
  const stores = streams.flatMap((j) => [
    ...k(8 * j), ...get(pos(j)), op.store, 2, 0,
    ...k(8 * j + 4), ...get(st(j)), op.store, 2, 0,
    ...k(8 * n + 4 * j), ...get(count(j)), op.store, 2, 0,
  ]);
  // biome-ignore format: an instruction group per line, as commented
  const code = [
    op.block, VOID,
    op.loop, VOID,
    ...get(pos(0)), ...get(end0), op.geU, op.brIf, 1,
    ...steps,
    op.br, 0,
    op.end,
    op.end,
    ...stores,
    ...get(count(0)),
    op.end,
  ];
  const body = [...vec([[n + 1, I32]]), ...code];
  return [...uleb(body.length), ...body];
}

/** The module: one memory (exported as `mem`, grown by the caller), `scan` and `scanMany`. */
export function dfaModuleBytes(): Uint8Array {
  const sig = (params: number) => [
    0x60,
    ...vec(Array.from({ length: params }, () => [I32])),
    ...vec([[I32]]),
  ];
  const type = section(1, vec([sig(6), sig(3 + 3 * STREAMS)]));
  const funcs = section(3, vec([[0], [1]]));
  const memory = section(5, vec([[0x00, ...uleb(1)]]));
  const exports = section(
    7,
    vec([
      [...name("mem"), 0x02, 0],
      [...name("scan"), 0x00, 0],
      [...name("scanMany"), 0x00, 1],
    ]),
  );
  const code = section(10, vec([scanBody(), scanManyBody()]));
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]; // "\0asm", version 1
  return Uint8Array.from([...header, ...type, ...funcs, ...memory, ...exports, ...code]);
}

/**
 * Code units of text written to the module at a time (a longer text goes in pieces, its state carried).
 * The area they are written to is fresh memory on its first use, and first touches are what a large
 * file's scan pays most for on the 2-core machine: 1 << 20 code units (2 MB) took the data dump's scan
 * about 480 more page faults than this (128 KB). Measured in turns against 1 << 20: the data dump 0.976
 * (1 << 14: 0.967, 1 << 18: 0.980; 15 pairs), the keyword bundle 0.986, the synthetic tree 0.991, the
 * 5,000-commit history 0.997.
 */
export const CHUNK = 1 << 16;
/** Hit pairs the module writes before it returns to have them read. */
export const HIT_CAP = 1 << 14;

type ScanFn = (text: number, i: number, end: number, state: number, hits: number, cap: number) => number;
/** scanMany(text, end0, cap, ...(position, state, hits address) of each stream). */
type ScanManyFn = (text: number, end0: number, cap: number, ...streams: number[]) => number;

/** What this file uses of the WebAssembly API (the project's TypeScript libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** One thread's instance of the module, sized for one automaton. */
export class WasmDfa {
  /**
   * The module's memory as i32: where the last call stopped (scan: i, state at [0], [1]; scanMany:
   * stream j's at [2j], [2j + 1], its hit count at [2 * STREAMS + j]); hits from `hitsAt / 4`.
   */
  readonly i32: Int32Array;
  /**
   * Where the automaton lives in the module's memory (as prefilter.ts keeps it): filled by the caller,
   * from a delta array or straight from the build's cache file, and then the automaton itself (the
   * memory never grows again, so this view stays valid).
   */
  readonly table: Int32Array;
  readonly textAt: number;
  /** Where the hits go (scanMany: stream j's from hitsAt + j * HIT_CAP * 8). */
  readonly hitsAt: number;
  private readonly bytes: Buffer;

  constructor(
    readonly scan: ScanFn,
    readonly scanMany: ScanManyFn,
    memory: WasmMemory,
    /** How many i32 entries the automaton has. */
    entries: number,
  ) {
    this.textAt = (TABLE + entries * 4 + 7) & ~7;
    this.hitsAt = this.textAt + CHUNK * 2;
    const need = this.hitsAt + STREAMS * HIT_CAP * 8;
    memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    this.i32 = new Int32Array(memory.buffer);
    this.table = this.i32.subarray(TABLE / 4, TABLE / 4 + entries);
    this.bytes = Buffer.from(memory.buffer);
  }

  /** Writes code units [from, from + CHUNK) of `text` to the module; returns how many. */
  load(text: string, from: number): number {
    const piece = from === 0 && text.length <= CHUNK ? text : text.slice(from, from + CHUNK);
    this.bytes.write(piece, this.textAt, "utf16le");
    return piece.length;
  }
}

/**
 * The module as dfaModuleBytes() assembles it, in base64: assembling it took about 3 ms of every start
 * (its array spreads run cold, once). A test holds the two equal, so the assembler stays the source.
 */
const MODULE =
  "AGFzbQEAAAABHgJgBn9/f39/fwF/YA9/f39/f39/f39/f39/f38BfwMDAgABBQMBAAEHGQMDbWVtAgAEc2NhbgAACHNj" +
  "YW5NYW55AAEK+wQChQEBAn8CQANAIAEgAk8NASAAIAFBAXRqLwEAIQcgAUEBaiEBIAdBgAFPBEBBACEDBSADIAdqQQJ0" +
  "KAJAIgNBAEgEQEEAIANrIQMgBCAGQQN0aiADNgIAIAQgBkEDdGogATYCBCAGQQFqIgYgBU8NAwsLDAALC0EAIAE2AgBB" +
  "BCADNgIAIAYL8QMBBX8CQANAIAMgAU8NASAAIANBAXRqLwEAIRMgA0EBaiEDIBNBgAFPBEBBACEEBSAEIBNqQQJ0KAJA" +
  "IgRBAEgEQEEAIARrIQQgBSAPQQN0aiAENgIAIAUgD0EDdGogAzYCBCAPQQFqIg8gAk8NAwsLIAAgBkEBdGovAQAhEyAG" +
  "QQFqIQYgE0GAAU8EQEEAIQcFIAcgE2pBAnQoAkAiB0EASARAQQAgB2shByAIIBBBA3RqIAc2AgAgCCAQQQN0aiAGNgIE" +
  "IBBBAWoiECACTw0DCwsgACAJQQF0ai8BACETIAlBAWohCSATQYABTwRAQQAhCgUgCiATakECdCgCQCIKQQBIBEBBACAK" +
  "ayEKIAsgEUEDdGogCjYCACALIBFBA3RqIAk2AgQgEUEBaiIRIAJPDQMLCyAAIAxBAXRqLwEAIRMgDEEBaiEMIBNBgAFP" +
  "BEBBACENBSANIBNqQQJ0KAJAIg1BAEgEQEEAIA1rIQ0gDiASQQN0aiANNgIAIA4gEkEDdGogDDYCBCASQQFqIhIgAk8N" +
  "AwsLDAALC0EAIAM2AgBBBCAENgIAQSAgDzYCAEEIIAY2AgBBDCAHNgIAQSQgEDYCAEEQIAk2AgBBFCAKNgIAQSggETYC" +
  "AEEYIAw2AgBBHCANNgIAQSwgEjYCACAPCw==";

/** The module's bytes as the scan compiles them (MODULE). */
export function shippedModule(): Uint8Array {
  return Buffer.from(MODULE, "base64");
}

let compiled: object | null | undefined;

/**
 * A new instance of the scan module with room for an automaton of `entries` i32s (its `table`, for the
 * caller to fill), or undefined where WebAssembly is not available (node --jitless) or refuses the
 * module: the caller then keeps the JavaScript loop.
 */
export function wasmDfa(entries: number): WasmDfa | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (compiled === undefined) {
    try {
      compiled = api ? new api.Module(shippedModule()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!api || compiled === null) return undefined;
  try {
    const { exports } = new api.Instance(compiled, {});
    return new WasmDfa(
      exports.scan as ScanFn,
      exports.scanMany as ScanManyFn,
      exports.mem as WasmMemory,
      entries,
    );
  } catch {
    return undefined;
  }
}
