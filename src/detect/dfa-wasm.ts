/**
 * The keyword automaton's scan loop as a small WebAssembly function. The JavaScript loop
 * (prefilter.ts) runs at 3-6 ns a character on the 2-core machine, and each thread pays its JIT
 * warm-up; this one runs at about 2.5 ns from its first call. The module is assembled here, from the
 * instruction list below (about 200 bytes), so the project ships no binary and needs no assembler.
 *
 * Memory: [0, 8) where the loop leaves its position and state when it returns; from TABLE the
 * automaton exactly as prefilter.ts keeps it (one i32 per state and ASCII code: the next state's row
 * start, state * 128, negated when keywords end there); then the text (UTF-16 code units, as
 * JavaScript strings hold them) and the hits: (row start, end offset) pairs.
 *
 * scan(text, i, end, state, hits, cap) reads code units i..end-1 of the text at byte address `text`,
 * starting in `state` (a row start), writes at most `cap` hit pairs at `hits` and returns how many;
 * it stops early when the hits are full, and leaves where it stopped at [0] and [4].
 */

/** Byte address of the automaton in the module's memory. */
export const TABLE = 16;

const I32 = 0x7f;
const VOID = 0x40;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
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

/** The scan function's body: parameters 0-5 as documented above, locals 6 (hits written) and 7 (code unit). */
function scanBody(): number[] {
  const [text, i, end, state, hits, cap, h, c] = [0, 1, 2, 3, 4, 5, 6, 7];
  const get = (x: number) => [op.get, x];
  const set = (x: number) => [op.set, x];
  const k = (n: number) => [op.const, ...sleb(n)];
  const hitAt = [...get(hits), ...get(h), ...k(3), op.shl, op.add]; // hits + h * 8
  // biome-ignore format: an instruction group per line, as commented
  const code = [
    op.block, VOID,
    op.loop, VOID,
    // while (i < end)
    ...get(i), ...get(end), op.geU, op.brIf, 1,
    // c = text[i++]
    ...get(text), ...get(i), ...k(1), op.shl, op.add, op.load16, 1, 0, ...set(c),
    ...get(i), ...k(1), op.add, ...set(i),
    // a code unit past ASCII: back to the root
    ...get(c), ...k(128), op.geU, op.if, VOID, ...k(0), ...set(state), op.br, 1, op.end,
    // state = table[state + c]; a negative entry: keywords end here
    ...get(state), ...get(c), op.add, ...k(2), op.shl, op.load, 2, ...uleb(TABLE),
    op.tee, state, ...k(0), op.ltS,
    op.if, VOID,
    ...k(0), ...get(state), op.sub, ...set(state),
    ...hitAt, ...get(state), op.store, 2, 0,
    ...hitAt, ...get(i), op.store, 2, 4,
    // h++; stop when the hits are full
    ...get(h), ...k(1), op.add, op.tee, h, ...get(cap), op.geU, op.brIf, 2,
    op.end,
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

/** The module: one memory (exported as `mem`, grown by the caller) and `scan`. */
export function dfaModuleBytes(): Uint8Array {
  const type = section(1, vec([[0x60, ...vec(Array.from({ length: 6 }, () => [I32])), ...vec([[I32]])]]));
  const funcs = section(3, vec([[0]]));
  const memory = section(5, vec([[0x00, ...uleb(1)]]));
  const exports = section(
    7,
    vec([
      [...name("mem"), 0x02, 0],
      [...name("scan"), 0x00, 0],
    ]),
  );
  const code = section(10, vec([scanBody()]));
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]; // "\0asm", version 1
  return Uint8Array.from([...header, ...type, ...funcs, ...memory, ...exports, ...code]);
}

/** Code units of text written to the module at a time (a longer text goes in pieces, its state carried). */
export const CHUNK = 1 << 20;
/** Hit pairs the module writes before it returns to have them read. */
export const HIT_CAP = 1 << 14;

type ScanFn = (text: number, i: number, end: number, state: number, hits: number, cap: number) => number;

/** What this file uses of the WebAssembly API (the project's TypeScript libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** One thread's instance of the module, loaded with one automaton. */
export class WasmDfa {
  /** The module's memory as i32: [0] and [1] are where the last call stopped; hits from `hitsAt / 4`. */
  readonly i32: Int32Array;
  readonly textAt: number;
  readonly hitsAt: number;
  private readonly bytes: Buffer;

  constructor(
    readonly scan: ScanFn,
    memory: WasmMemory,
    /** The automaton as prefilter.ts keeps it. */
    delta: Int32Array,
  ) {
    this.textAt = (TABLE + delta.length * 4 + 7) & ~7;
    this.hitsAt = this.textAt + CHUNK * 2;
    const need = this.hitsAt + HIT_CAP * 8;
    memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    this.i32 = new Int32Array(memory.buffer);
    this.bytes = Buffer.from(memory.buffer);
    this.i32.set(delta, TABLE / 4);
  }

  /** Writes code units [from, from + CHUNK) of `text` to the module; returns how many. */
  load(text: string, from: number): number {
    const piece = from === 0 && text.length <= CHUNK ? text : text.slice(from, from + CHUNK);
    this.bytes.write(piece, this.textAt, "utf16le");
    return piece.length;
  }
}

let compiled: object | null | undefined;

/**
 * A new instance of the scan module for `delta`, or undefined where WebAssembly is not available
 * (node --jitless) or refuses the module: the caller then keeps the JavaScript loop.
 */
export function wasmDfa(delta: Int32Array): WasmDfa | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (compiled === undefined) {
    try {
      compiled = api ? new api.Module(dfaModuleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!api || compiled === null) return undefined;
  try {
    const { exports } = new api.Instance(compiled, {});
    return new WasmDfa(exports.scan as ScanFn, exports.mem as WasmMemory, delta);
  } catch {
    return undefined;
  }
}
