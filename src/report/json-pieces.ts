/**
 * Reports written in pieces. A JSON report of several hundred thousand findings is longer than V8's
 * largest string (about 536 million characters), so it can only be written piece by piece.
 */

/**
 * An array whose items are made as they are written (`fn(items[i])`), so a long report does not hold
 * a second copy of every finding while it is written. Written as the array of the mapped items.
 */
export class Mapped<T> {
  readonly items: readonly T[];
  readonly fn: (item: T) => unknown;
  constructor(items: readonly T[], fn: (item: T) => unknown) {
    this.items = items;
    this.fn = fn;
  }
}

/** Array items per piece: about 350 KB of a report's findings, stringified by one native call. */
const ITEMS_PER_PIECE = 500;

/**
 * `JSON.stringify(obj, null, 2)` of a report-shaped object, in pieces: each top-level value, and each
 * run of up to ITEMS_PER_PIECE items of its top-level arrays, is one. Joined, the pieces are exactly
 * JSON.stringify's text.
 */
export function* prettyJsonPieces(obj: Readonly<Record<string, unknown>>): Generator<string> {
  // The keys JSON.stringify writes: undefined, functions and symbols are left out.
  const keys = Object.keys(obj).filter((k) => {
    const t = typeof obj[k];
    return t !== "undefined" && t !== "function" && t !== "symbol";
  });
  if (keys.length === 0) {
    yield "{}";
    return;
  }
  yield "{";
  for (let i = 0; i < keys.length; i++) {
    const value = obj[keys[i]!];
    const head = `\n  ${JSON.stringify(keys[i])}: `;
    const items = value instanceof Mapped ? value.items : value;
    if (Array.isArray(items) && items.length > 0) {
      const fn = value instanceof Mapped ? value.fn : undefined;
      yield `${head}[`;
      for (let from = 0; from < items.length; from += ITEMS_PER_PIECE) {
        const slice = items.slice(from, from + ITEMS_PER_PIECE);
        yield `${from > 0 ? "," : ""}${itemsAtDepthTwo(fn ? slice.map(fn) : slice)}`;
      }
      yield "\n  ]";
    } else yield head + nested(JSON.stringify(value instanceof Mapped ? [] : value, null, 2), "  ");
    if (i < keys.length - 1) yield ",";
  }
  yield "\n}";
}

/** A JSON file's text in pieces: prettyJsonPieces, then a line break. */
export function* jsonTextPieces(obj: Readonly<Record<string, unknown>>): Generator<string> {
  yield* prettyJsonPieces(obj);
  yield "\n";
}

/**
 * A JSON file's text (`JSON.stringify(obj, null, 2)` and a line break) in writes of about 1 MiB: a
 * baseline of millions of findings is longer than one string can be.
 */
export function jsonFile(obj: object): Iterable<string> {
  return batched(jsonTextPieces(obj as Readonly<Record<string, unknown>>));
}

/** JSON.stringify's text of a top-level array's items, indented as they stand in the document. */
function itemsAtDepthTwo(items: readonly unknown[]): string {
  // `{"k": [items]}` puts each item where a top-level array's items stand; only its brackets go.
  const whole = JSON.stringify({ k: items }, null, 2);
  return whole.slice(WRAP_HEAD.length, whole.length - WRAP_TAIL.length);
}
const WRAP_HEAD = '{\n  "k": [';
const WRAP_TAIL = "\n  ]\n}";

/** A value's JSON moved `pad` to the right: JSON text holds no raw line breaks inside its strings. */
function nested(json: string, pad: string): string {
  return json.includes("\n") ? json.replaceAll("\n", `\n${pad}`) : json;
}

/** Pieces gathered into writes of about `size` characters (one write per piece costs a system call each). */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join("");
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
}
