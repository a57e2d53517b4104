/**
 * Flow collections for the fast YAML path (yaml-fast.ts): `[a, "b", k: v]` and `{k: v, "q": [w]}`, of
 * scalars, single pairs and collections like these, on one line or over several, with the yaml
 * library's spans; BAIL at whatever the library alone judges. Pure.
 */
import { indexSeg } from "./span-table.js";
import { firstAt } from "./util.js";
import { aliasEnd, startsProps, valueProps } from "./yaml-props.js";
import {
  BAIL,
  closingQuote,
  flowStop,
  isNullAt,
  keyOf,
  scalarStop,
  simpleFlowPlainEnd,
  simpleKeyEnd,
  token,
} from "./yaml-token.js";

/**
 * Where a flow collection's spans go, their paths kept as a span table keeps them (span-table.ts): a
 * collection is a node, a scalar its collection's node and its own key or index.
 */
export interface SpanSink {
  /**
   * A scalar's span at key or index `seg` of the collection of node `node`, its path `depth` segments
   * long: its content range, and its value, which may be left out where `raw` (it is its source text).
   */
  scalarSpan(
    node: number,
    seg: number,
    depth: number,
    from: number,
    to: number,
    value: string | undefined,
    raw: boolean,
  ): void;
  /** The node of a collection at key or index `seg` of the collection of node `up`. */
  node(up: number, seg: number): number;
  /** A key's id, as a segment. */
  keyId(key: string): number;
}

/** Reads one flow collection of `t`, which opens on the line ending at `lineEnd`. */
export class FlowReader {
  /**
   * `lineEnd`: the end of the line the collection is read on now (it moves down as lines are read);
   * `indent`: the indent of the entry that holds it (its lines below must be deeper).
   */
  constructor(
    private readonly t: string,
    public lineEnd: number,
    private readonly indent: number,
    private readonly sink: SpanSink,
  ) {}

  /**
   * A flow collection: `[a, "b", k: v]` or `{k: v, "q": [w]}`, of scalars, single pairs and collections
   * like these, on one line or over several (CloudFormation's `AllowedValues: [a, b,` then more, a JSON
   * body in a playbook) as long as no scalar or pair is broken across lines, at key or index `seg` of
   * the collection of node `up`, its path `length` segments long. Returns where it ends; lineEnd is
   * then its last line's end.
   */
  collection(at: number, up: number, seg: number, length: number, depth = 0): number {
    const t = this.t;
    const map = t.charCodeAt(at) === 123;
    const close = map ? 125 : 93;
    let i = at + 1;
    const skip = () => {
      i = this.skip(i);
      if (i >= this.lineEnd) throw BAIL; // the text ends inside the collection
    };
    skip();
    if (t.charCodeAt(i) === close) return i + 1;
    const sink = this.sink;
    const node = sink.node(up, seg);
    for (let index = 0; ; index++) {
      const end = this.lineEnd;
      const keyed = this.key(i, end);
      if (map && keyed < 0) throw BAIL; // `{a, b}`: keys without values
      // An item's path: the collection's and its key, or its index, and a single pair's key after that.
      let itemNode = node;
      let itemSeg: number;
      let itemLength = length + 1;
      if (map) itemSeg = sink.keyId(this.lastKey);
      else if (keyed < 0) itemSeg = indexSeg(index);
      else {
        itemNode = sink.node(node, indexSeg(index));
        itemSeg = sink.keyId(this.lastKey);
        itemLength++;
      }
      let v = keyed < 0 ? i : keyed;
      let tagged = false;
      if (startsProps(t.charCodeAt(v))) {
        const p = valueProps(t, v, end);
        const n = p ? t.charCodeAt(p.at) : 44;
        if (!p || p.at >= end || n === 44 || n === 93 || n === 125) throw BAIL; // properties of nothing
        v = p.at;
        tagged = p.tagged;
      }
      const open = t.charCodeAt(v);
      if (open === 91 || open === 123) {
        if (depth >= 16) throw BAIL;
        i = this.collection(v, itemNode, itemSeg, itemLength, depth + 1);
      } else if (open === 42) {
        i = aliasEnd(t, v, end); // an alias: no span
        if (i < 0) throw BAIL;
      } else if (!tagged && this.plainEnd(v, end) >= 0) {
        // The commonest plain scalar (yaml-token.ts SIMPLE_FLOW_PLAIN): what token gives, natively.
        const to = this.plainTo;
        if (!isNullAt(t, v, to)) sink.scalarSpan(itemNode, itemSeg, itemLength, v, to, undefined, true);
        i = scalarStop(t, to, end);
      } else {
        const tok = token(t, v, end, true, tagged);
        if (tok.value !== undefined)
          sink.scalarSpan(itemNode, itemSeg, itemLength, tok.from, tok.to, tok.value, tok.raw);
        i = tok.after;
      }
      skip();
      const c = t.charCodeAt(i++);
      if (c === close) return i;
      if (c !== 44) throw BAIL;
      skip();
      if (t.charCodeAt(i) === close) throw BAIL; // a trailing comma: the library's
    }
  }

  /**
   * Past the blanks from `from` in a flow collection, and past its line's end (or a comment) onto the
   * lines below, as lineEnd moves: each must be blank, a comment, or indented past the entry that
   * holds the collection (its closing bracket may sit at the entry's indent), as the library requires.
   * A line break right after a scalar ends the scalar here: the line below must then go on with `,` or
   * the closing bracket (a plain scalar folded over lines is the library's).
   */
  private skip(from: number): number {
    const t = this.t;
    let i = from;
    for (;;) {
      const end = this.lineEnd;
      while (i < end && t.charCodeAt(i) === 32) i++;
      if (i < end) {
        const prev = t.charCodeAt(i - 1);
        if (t.charCodeAt(i) !== 35 || (prev !== 32 && prev !== 10)) return i;
      }
      if (end >= t.length) return end;
      const ls = end + 1;
      let le = t.indexOf("\n", ls);
      if (le === -1) le = t.length;
      let j = ls;
      while (j < le && t.charCodeAt(j) === 32) j++;
      const c = t.charCodeAt(j);
      if (j < le && c !== 35 && j - ls <= this.indent - (c === 93 || c === 125 ? 1 : 0)) throw BAIL;
      i = j;
      this.lineEnd = le;
    }
  }

  /** The key key() read last. */
  private lastKey = "";

  /**
   * A `key: ` at `at` inside a flow collection: where its value starts (the key into lastKey), else -1.
   * No object per item: a manifest's flow mappings hold most of its items.
   */
  private key(at: number, end: number): number {
    const t = this.t;
    const q = t.charCodeAt(at);
    // A collection item (`[{name: X}]`): its own keys are read inside it. One used as a key
    // (`[{a: b}: c]`) is the library's: a `:` after it is no `,` nor a closing bracket.
    if (q === 91 || q === 123) return -1;
    // A simple key (yaml-token.ts simpleKeyEnd) and its blank, or a simple plain scalar: what the
    // searches below find, natively.
    const simple = simpleKeyEnd(t, at);
    if (simple >= 0 && t.charCodeAt(simple + 1) === 32)
      return this.keyValue(t.slice(at, simple), simple, end);
    if (simple < 0 && this.plainEnd(at, end) >= 0) return -1;
    let colon: number;
    // After a quoted key (JSON-like) the value may follow the colon with no blank: `{"a":"b"}`.
    const quoted = q === 34 || q === 39;
    if (quoted) {
      colon = closingQuote(t, at, end, q) + 1;
      if (t.charCodeAt(colon) !== 58) return -1;
    } else {
      // Up to the next `,`, `]` or `}`, or a comment (` #`): past one, a `: ` is no key's.
      let stop = flowStop(t, at, end);
      const comment = firstAt(t, " #", at, stop);
      if (comment >= 0) stop = comment;
      colon = firstAt(t, ": ", at, stop);
      if (colon < 0) return -1;
    }
    if (!quoted && t.charCodeAt(colon + 1) !== 32) throw BAIL;
    return this.keyValue(keyOf(t, at, colon, true), colon, end);
  }

  /** A key whose colon is at `colon` (into lastKey), and where its value starts. */
  private keyValue(key: string, colon: number, end: number): number {
    const t = this.t;
    let value = colon + 1;
    while (value < end && t.charCodeAt(value) === 32) value++;
    const v = t.charCodeAt(value);
    if (value >= end || v === 44 || v === 93 || v === 125) throw BAIL; // an empty value
    this.lastKey = key;
    return value;
  }

  /** Where the simple plain scalar at `at` ends (simpleFlowPlainEnd, into plainTo), asked once an offset. */
  private plainEnd(at: number, end: number): number {
    if (this.plainAt !== at) {
      this.plainAt = at;
      this.plainTo = simpleFlowPlainEnd(this.t, at, end);
    }
    return this.plainTo;
  }
  private plainAt = -1;
  private plainTo = -1;
}
