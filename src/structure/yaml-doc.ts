/**
 * The document reader of the fast YAML path (yaml-fast.ts): one content line at a time, into a span
 * table (span-table.ts), and BAIL at whatever the yaml library alone judges. Pure.
 */
import { indexSeg, SpanTable, TOP } from "./span-table.js";
import { firstAt, MAX_DEPTH, PathBudget } from "./util.js";
import { blockScalar } from "./yaml-block.js";
import { FlowReader, type SpanSink } from "./yaml-flow.js";
import { aliasEnd, startsProps, valueProps } from "./yaml-props.js";
import { plainGoesOn, quotedOverLines, quoteEnd } from "./yaml-quoted.js";
import {
  BAIL,
  isNullAt,
  keyEnd,
  keyOf,
  quotedToken,
  scalarStop,
  simpleKeyEnd,
  simplePlainEnd,
  token,
} from "./yaml-token.js";

/**
 * Paths are kept as the table keeps them (span-table.ts): a container is a node (the node it sits in,
 * its key or index there), a span its container's node and its own key or index. A path's length is
 * counted along, for the budget of path segments (util.ts PathBudget).
 */
interface Container {
  readonly indent: number;
  readonly seq: boolean;
  /** Its node (TOP for a document's top collection), and its path's length. */
  readonly node: number;
  readonly depth: number;
  /** Next item index (sequences). */
  next: number;
}

/** An entry whose value is on the lines below (or null). */
interface Pending {
  readonly indent: number;
  /** Its path: the node it sits in, its key or index there, the path's length. */
  readonly node: number;
  readonly seg: number;
  readonly depth: number;
  /** A mapping entry: its sequence value may sit at the key's own indent. */
  readonly fromMap: boolean;
  /** Written with an anchor or a tag (which an alias below may not have). */
  readonly props: boolean;
  /**
   * Written with a tag: a collection below takes it and it changes nothing; a scalar below keeps its
   * text (tagged); with nothing below, the value is an empty string, which is the library's.
   */
  readonly tagged: boolean;
}

/**
 * The documents of one text, read line by line (lfSpans in yaml-fast.ts drives it: document markers,
 * directives and comments are its), their spans into `spans`.
 */
export class Doc implements SpanSink {
  readonly spans: SpanTable;
  private readonly budget = new PathBudget();
  private stack: Container[] = [];
  private pending: Pending | undefined;
  /** Where the line loop goes on after a value over lines consumed them (-1: the next line). */
  resume = -1;
  /** Set after a line ends in an inline value: a deeper line next would continue it. */
  private scalarIndent = -1;
  /** The span of a plain scalar that ended its line, which deeper lines continue (-1: none). */
  private openPlain = -1;

  constructor(readonly text: string) {
    this.spans = new SpanTable(text);
  }

  reset(): void {
    this.endPending();
    this.stack = [];
    this.pending = undefined;
    this.scalarIndent = -1;
    this.openPlain = -1;
  }

  /** The document ends: an entry still waiting for its value has none (a tagged one is the library's). */
  endPending(): void {
    if (this.pending?.tagged) throw BAIL;
    this.pending = undefined;
  }

  /** A comment line: it ends a plain scalar (a deeper line after it is the library's error). */
  comment(): void {
    this.openPlain = -1;
  }

  /** One content line: `start` is the first non-space character at column `indent`, `end` its end. */
  line(start: number, indent: number, end: number): void {
    if (this.scalarIndent >= 0 && indent > this.scalarIndent) {
      const i = this.openPlain;
      if (i < 0) throw BAIL;
      const s = this.spans;
      const on = plainGoesOn(this.text, s.value(i), s.end(i), start, end);
      s.extend(i, on.end, on.value);
      return;
    }
    this.scalarIndent = -1;
    this.openPlain = -1;
    const seqItem = this.isSeqItem(start, end);
    const p = this.pending;
    if (p && indent > p.indent && !seqItem && this.keyEnd(start, end) < 0) {
      // A value on the line below its key or dash (`help:`, then its text): a scalar, maybe over lines.
      this.pending = undefined;
      const c = this.text.charCodeAt(start);
      if (c === 124 || c === 62 || (c === 42 && p.props)) throw BAIL; // an alias may have no anchor or tag
      this.scalar(start, end, p.node, p.seg, p.depth, p.indent, p.tagged);
      return;
    }
    const parent = this.containerFor(indent, seqItem);
    if (seqItem) this.seqEntry(parent, start, indent, end);
    else this.mapEntry(parent, start, indent, end);
  }

  /** keyEnd, a simple key's (yaml-token.ts simpleKeyEnd, into keyColon) first, once a start. */
  private keyEnd(start: number, end: number): number {
    if (this.keyFrom !== start) {
      this.keyFrom = start;
      this.keyColon = simpleKeyEnd(this.text, start);
    }
    return this.keyColon >= 0 ? this.keyColon : keyEnd(this.text, start, end);
  }
  private keyFrom = -1;
  private keyColon = -1;

  private isSeqItem(start: number, end: number): boolean {
    if (this.text.charCodeAt(start) !== 45) return false;
    const next = start + 1;
    return next === end || this.text.charCodeAt(next) === 32;
  }

  /** The container a line at `indent` belongs to, opening one below a pending entry. */
  private containerFor(indent: number, seqItem: boolean): Container {
    const p = this.pending;
    this.pending = undefined;
    if (p && (indent > p.indent || (indent === p.indent && seqItem && p.fromMap))) {
      if (this.stack.length >= MAX_DEPTH) throw BAIL;
      const node = this.spans.addNode(p.node, p.seg);
      const c: Container = { indent, seq: seqItem, node, depth: p.depth, next: 0 };
      this.stack.push(c);
      return c;
    }
    if (p?.tagged) throw BAIL; // a tagged entry with no value: an empty string, the library's
    if (this.stack.length === 0) {
      const c: Container = { indent, seq: seqItem, node: TOP, depth: 0, next: 0 };
      this.stack.push(c);
      return c;
    }
    const s = this.stack;
    while (s.length > 0 && s[s.length - 1]!.indent > indent) s.pop();
    let top = s[s.length - 1];
    // A sequence written at its key's indent ends where the next key of that mapping starts.
    if (top && top.indent === indent && top.seq && !seqItem && s.length > 1) {
      s.pop();
      top = s[s.length - 1];
    }
    if (!top || top.indent !== indent || top.seq !== seqItem) throw BAIL;
    return top;
  }

  private seqEntry(seq: Container, start: number, indent: number, end: number): void {
    const seg = indexSeg(seq.next++);
    const depth = seq.depth + 1;
    let at = start + 1;
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    let tagged = false;
    const props = startsProps(this.text.charCodeAt(at));
    if (props) {
      const p = valueProps(this.text, at, end);
      // `- &a key: v`: properties of a mapping on the item's line, the library's
      if (!p || (p.at < end && keyEnd(this.text, p.at, end) >= 0)) throw BAIL;
      at = p.at;
      tagged = p.tagged;
    }
    if (at === end || this.text.charCodeAt(at) === 35) {
      if (at < end && this.text.charCodeAt(at - 1) !== 32) throw BAIL;
      this.pending = { indent, node: seq.node, seg, depth, fromMap: false, props, tagged };
      return;
    }
    const c = this.text.charCodeAt(at);
    const nested = this.isSeqItem(at, end);
    if (nested || (c !== 91 && c !== 123 && this.keyEnd(at, end) >= 0)) {
      // `- key: value` or `- - item`: a mapping or a sequence whose entries sit at this column.
      if (props) throw BAIL; // properties of that collection, the library's
      const col = indent + (at - start);
      if (this.stack.length >= MAX_DEPTH) throw BAIL;
      const node = this.spans.addNode(seq.node, seg);
      const inner: Container = { indent: col, seq: nested, node, depth, next: 0 };
      this.stack.push(inner);
      if (nested) this.seqEntry(inner, at, col, end);
      else this.mapEntry(inner, at, col, end);
      return;
    }
    this.scalar(at, end, seq.node, seg, depth, indent, tagged);
  }

  private mapEntry(map: Container, start: number, indent: number, end: number): void {
    const t = this.text;
    const colon = this.keyEnd(start, end);
    const simple = this.keyColon >= 0;
    if (colon < 0) throw BAIL; // a bare scalar in a mapping, a root scalar, or an odd key
    // A merge (`<<: *base`): its aliases add nothing, as the library's walk has it; what it merges
    // in place (a mapping inline or below) is the library's.
    const merge = !simple && colon === start + 2 && t.startsWith("<<", start);
    const key = simple ? t.slice(start, colon) : merge ? "<<" : keyOf(t, start, colon, false);
    const seg = this.spans.keyId(key);
    const depth = map.depth + 1;
    let at = colon + 1;
    while (at < end && t.charCodeAt(at) === 32) at++;
    let tagged = false;
    const props = startsProps(t.charCodeAt(at));
    if (props) {
      const p = merge ? undefined : valueProps(t, at, end);
      if (!p) throw BAIL;
      at = p.at;
      tagged = p.tagged;
    }
    if (at === end || t.charCodeAt(at) === 35) {
      if (merge) throw BAIL;
      this.pending = { indent, node: map.node, seg, depth, fromMap: true, props, tagged };
      return;
    }
    // mappings merged in place (`<<: {k: v}`, `<<: [k: v]`): the library's
    if (merge && (firstAt(t, "{", at, end) !== -1 || firstAt(t, ":", at, end) !== -1)) throw BAIL;
    this.scalar(at, end, map.node, seg, depth, indent, tagged);
  }

  /**
   * An inline value from `at` to the line's end (a comment after it allowed), at key or index `seg` of
   * the container of node `node`, its path `depth` segments long; `tagged`: after a tag.
   */
  private scalar(
    at: number,
    end: number,
    node: number,
    seg: number,
    depth: number,
    indent: number,
    tagged: boolean,
  ): void {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 124 || c === 62) {
      this.block(at, end, node, seg, depth, indent);
      return;
    }
    const quoted = c === 34 || c === 39;
    const close = quoted ? quoteEnd(t, at, end, c) : -1;
    if (quoted && close === -1) {
      // Quoted over lines: the line loop resumes past its last one.
      const m = quotedOverLines(t, at, indent);
      this.scalarSpan(node, seg, depth, m.from, m.to, m.value, false);
      this.restOfLine(m.after, m.lineEnd);
      this.resume = m.lineEnd + 1;
      this.scalarIndent = indent;
      return;
    }
    let after: number;
    let openPlain = -1;
    let lineEnd = end;
    // A plain value of the commonest kind (yaml-token.ts SIMPLE_PLAIN), with only blanks or a comment
    // after it: asked only of a value that may be one (not tagged, quoted, a flow collection or an alias).
    const plainTo = tagged || quoted || c === 91 || c === 123 || c === 42 ? -1 : simplePlainEnd(t, at, end);
    if (c === 91 || c === 123) {
      const flow = new FlowReader(t, end, indent, this);
      after = flow.collection(at, node, seg, depth);
      if (flow.lineEnd !== end) {
        // Over lines: the line loop resumes past the one that closes it.
        lineEnd = flow.lineEnd;
        this.resume = Math.min(lineEnd + 1, t.length);
      }
    } else if (c === 42) {
      after = aliasEnd(t, at, end); // an alias: no span
      if (after < 0) throw BAIL;
    } else if (plainTo >= 0) {
      after = scalarStop(t, plainTo, end);
      if (!isNullAt(t, at, plainTo)) {
        this.scalarSpan(node, seg, depth, at, plainTo, undefined, true);
        if (after === end) openPlain = this.spans.length - 1;
      }
    } else {
      // A quoted one's end is known already: it is not looked for again.
      const tok = quoted ? quotedToken(t, at, close) : token(t, at, end, false, tagged);
      if (tok.value !== undefined) this.scalarSpan(node, seg, depth, tok.from, tok.to, tok.value, tok.raw);
      after = tok.after;
      // Plain, with nothing after it: the lines below may go on with it.
      if (tok.value !== undefined && !tagged && tok.from === at && after === end)
        openPlain = this.spans.length - 1;
    }
    this.restOfLine(after, lineEnd);
    this.scalarIndent = indent;
    this.openPlain = openPlain;
  }

  /** Only blanks, or a comment after a blank, may follow a value. */
  private restOfLine(after: number, end: number): void {
    const t = this.text;
    let i = after;
    while (i < end && t.charCodeAt(i) === 32) i++;
    if (i < end && !(t.charCodeAt(i) === 35 && i > after)) throw BAIL;
  }

  /**
   * A scalar's span (SpanSink): its value is kept only when it is not its source text (`raw` false,
   * or undefined and found so), and is undefined only where it is.
   */
  scalarSpan(
    node: number,
    seg: number,
    depth: number,
    from: number,
    to: number,
    value: string | undefined,
    raw: boolean | undefined,
  ): void {
    this.budget.take(depth);
    const source = raw ?? this.text.slice(from, to) === value;
    this.spans.add(node, seg, from, to, source ? undefined : value);
  }

  /** The node of a collection at key or index `seg` of the container of node `up` (SpanSink). */
  node(up: number, seg: number): number {
    return this.spans.addNode(up, seg);
  }

  /** A key's id (SpanSink). */
  keyId(key: string): number {
    return this.spans.keyId(key);
  }

  /** A block scalar (yaml-block.ts): its lines are consumed here and the line loop resumes after them. */
  private block(at: number, end: number, node: number, seg: number, depth: number, indent: number): void {
    const b = blockScalar(this.text, at, end, indent);
    if (!b) throw BAIL;
    this.scalarSpan(node, seg, depth, b.start, b.end, b.value, undefined);
    this.resume = b.resume;
    this.scalarIndent = -1;
  }
}
