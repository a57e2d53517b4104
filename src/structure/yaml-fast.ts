/**
 * A fast path for plain YAML (what most config, CI and Kubernetes files are): block mappings and
 * sequences (nested on one line too, `- - a`), plain and quoted scalars (over lines too,
 * yaml-quoted.ts), values on the line below their key, flow collections (over lines too, when no
 * scalar or pair is broken: yaml-flow.ts), literal and folded block scalars, comments, `---`
 * between documents and `...` ending one, a `%YAML` version directive, anchors, aliases, local and
 * non-specific tags and merges of aliases (yaml-props.ts). It yields the same spans as the yaml
 * library walk in yaml.ts and answers `undefined` at the first thing outside that subset (tags with a
 * handle, mappings merged in place, plain scalars folded inside a flow collection, escaped line breaks,
 * tabs, a CR alone, errors), so the library decides every hard case. Pure.
 *
 * The library costs 30 to 60 times as much a megabyte. On 1,725 YAML files of Debian's packages
 * (Ansible, OpenStack, Zabbix, Redmine, Ruby gems, Google Cloud SDK: 36.6 MB) this path takes 1,695
 * files and 35.9 MB, and as many with CR LF line ends, where it took 1,583 files and 30.4 MB, and none
 * with CR LF, before it read Ruby symbols (`- :year`, Rails' locales), keys with `::` or brackets
 * (`Fn::GetAtt`, `name[template]`), blanks before a key's colon, block scalars with lines of blanks or
 * more-indented lines (code in Zabbix templates, Ansible's `when: >`), flow collections over lines
 * (CloudFormation's `AllowedValues`), flow mappings inside flow sequences, tagged collections
 * (`- !ruby/object:MIME::Type`) and `...` between documents.
 */
import type { KeySeg, KeySpan } from "../types.js";
import { firstAt, MAX_DEPTH, PathBudget, pastCrs, withSeg } from "./util.js";
import { blockScalar } from "./yaml-block.js";
import { FlowReader, type SpanSink } from "./yaml-flow.js";
import { aliasEnd, startsProps, valueProps } from "./yaml-props.js";
import { plainGoesOn, quotedOverLines, quoteEnd } from "./yaml-quoted.js";
import {
  BAIL,
  isNull,
  keyEnd,
  keyOf,
  quotedToken,
  scalarStop,
  simpleKeyEnd,
  simplePlainEnd,
  token,
} from "./yaml-token.js";

interface Container {
  readonly indent: number;
  readonly seq: boolean;
  readonly path: readonly KeySeg[];
  /** Next item index (sequences). */
  next: number;
}

/** An entry whose value is on the lines below (or null). */
interface Pending {
  readonly indent: number;
  readonly path: readonly KeySeg[];
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

class Doc {
  readonly spans: KeySpan[] = [];
  private readonly budget = new PathBudget();
  private stack: Container[] = [];
  private pending: Pending | undefined;
  /** Where the line loop goes on after a value over lines consumed them (-1: the next line). */
  resume = -1;
  /** Set after a line ends in an inline value: a deeper line next would continue it. */
  private scalarIndent = -1;
  /** The span of a plain scalar that ended its line, which deeper lines continue (-1: none). */
  private openPlain = -1;

  constructor(readonly text: string) {}

  /** Where a flow collection's spans go. */
  private readonly sink: SpanSink = (path, from, to, value, raw) => this.push(path, from, to, value, raw);

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
      if (this.openPlain < 0) throw BAIL;
      this.spans[this.openPlain] = plainGoesOn(this.text, this.spans[this.openPlain]!, start, end);
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
      this.scalar(start, end, p.path, p.indent, p.tagged);
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
      const c: Container = { indent, seq: seqItem, path: p.path, next: 0 };
      this.stack.push(c);
      return c;
    }
    if (p?.tagged) throw BAIL; // a tagged entry with no value: an empty string, the library's
    if (this.stack.length === 0) {
      const c: Container = { indent, seq: seqItem, path: [], next: 0 };
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
    const path = withSeg(seq.path, seq.next++);
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
      this.pending = { indent, path, fromMap: false, props, tagged };
      return;
    }
    const c = this.text.charCodeAt(at);
    const nested = this.isSeqItem(at, end);
    if (nested || (c !== 91 && c !== 123 && this.keyEnd(at, end) >= 0)) {
      // `- key: value` or `- - item`: a mapping or a sequence whose entries sit at this column.
      if (props) throw BAIL; // properties of that collection, the library's
      const col = indent + (at - start);
      if (this.stack.length >= MAX_DEPTH) throw BAIL;
      const inner: Container = { indent: col, seq: nested, path, next: 0 };
      this.stack.push(inner);
      if (nested) this.seqEntry(inner, at, col, end);
      else this.mapEntry(inner, at, col, end);
      return;
    }
    this.scalar(at, end, path, indent, tagged);
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
    const path = withSeg(map.path, key);
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
      this.pending = { indent, path, fromMap: true, props, tagged };
      return;
    }
    // mappings merged in place (`<<: {k: v}`, `<<: [k: v]`): the library's
    if (merge && (firstAt(t, "{", at, end) !== -1 || firstAt(t, ":", at, end) !== -1)) throw BAIL;
    this.scalar(at, end, path, indent, tagged);
  }

  /** An inline value from `at` to the line's end (a comment after it allowed); `tagged`: after a tag. */
  private scalar(at: number, end: number, path: readonly KeySeg[], indent: number, tagged: boolean): void {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 124 || c === 62) {
      this.block(at, end, path, indent);
      return;
    }
    const quoted = c === 34 || c === 39;
    const close = quoted ? quoteEnd(t, at, end, c) : -1;
    if (quoted && close === -1) {
      // Quoted over lines: the line loop resumes past its last one.
      const m = quotedOverLines(t, at, indent);
      this.push(path, m.from, m.to, m.value, false);
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
      const flow = new FlowReader(t, end, indent, this.sink);
      after = flow.collection(at, path);
      if (flow.lineEnd !== end) {
        // Over lines: the line loop resumes past the one that closes it.
        lineEnd = flow.lineEnd;
        this.resume = Math.min(lineEnd + 1, t.length);
      }
    } else if (c === 42) {
      after = aliasEnd(t, at, end); // an alias: no span
      if (after < 0) throw BAIL;
    } else if (plainTo >= 0) {
      const value = t.slice(at, plainTo);
      after = scalarStop(t, plainTo, end);
      if (!isNull(value)) {
        this.push(path, at, plainTo, value, true);
        if (after === end) openPlain = this.spans.length - 1;
      }
    } else {
      // A quoted one's end is known already: it is not looked for again.
      const tok = quoted ? quotedToken(t, at, close) : token(t, at, end, false, tagged);
      if (tok.value !== undefined) this.push(path, tok.from, tok.to, tok.value, tok.raw);
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

  /** A scalar's span; `raw` (the value is its source text) is worked out when the caller cannot say. */
  private push(path: readonly KeySeg[], from: number, to: number, value: string, raw?: boolean): void {
    this.budget.take(path.length);
    this.spans.push({
      path: path as KeySeg[],
      start: from,
      end: to,
      value,
      raw: raw ?? this.text.slice(from, to) === value,
    });
  }

  /** A block scalar (yaml-block.ts): its lines are consumed here and the line loop resumes after them. */
  private block(at: number, end: number, path: readonly KeySeg[], indent: number): void {
    const b = blockScalar(this.text, at, end, indent);
    if (!b) throw BAIL;
    this.push(path, b.start, b.end, b.value);
    this.resume = b.resume;
    this.scalarIndent = -1;
  }
}

/** What may follow a document marker on its line: blanks, then maybe a comment. */
const MARKER_REST = /^ +(?:#.*)?$/;

/** The YAML version directive the path takes (its versions read the same spans). */
const YAML_DIRECTIVE = /^%YAML 1\.[12] *(?:#.*)?$/;

/** Spans of a plain block-YAML text, or undefined to let the yaml library decide. */
export function fastYamlSpans(text: string): KeySpan[] | undefined {
  if (text.includes("\t")) return undefined;
  if (!text.includes("\r")) return lfSpans(text);
  // Lines ending in CR LF (a Windows editor's): read with LF ends, each offset moved past the CRs
  // before it. A CR alone is the library's.
  const lf = text.replaceAll("\r\n", "\n");
  if (lf.includes("\r")) return undefined;
  const spans = lfSpans(lf);
  return spans && pastCrs(lf, spans);
}

/** Spans of a text whose lines end in LF. */
function lfSpans(text: string): KeySpan[] | undefined {
  const doc = new Doc(text);
  const n = text.length;
  let started = false;
  let directive = false;
  /** After a `...`: the document ended, and only its next `---` may start another. */
  let closed = false;
  try {
    for (let ls = 0; ls < n; ) {
      let le = text.indexOf("\n", ls);
      if (le === -1) le = n;
      let i = ls;
      while (i < le && text.charCodeAt(i) === 32) i++;
      if (i < le && text.charCodeAt(i) === 35) doc.comment();
      else if (i < le) {
        const c = text.charCodeAt(i);
        if (i === ls && (c === 45 || c === 46) && text.startsWith(c === 45 ? "---" : "...", ls)) {
          // Document markers: `---` alone on its line starts a document, `...` alone ends one; the
          // rest is the library's.
          if (le > ls + 3 && !MARKER_REST.test(text.slice(ls + 3, le))) return undefined;
          if (c === 46) {
            // Only blank and comment lines may follow, or the next document's `---`.
            if (!started || directive || closed) return undefined;
            doc.endPending();
            closed = true;
          } else {
            if (started) doc.reset();
            started = true;
            directive = false;
            closed = false;
          }
        } else if (closed) {
          return undefined; // a directive or content after `...`: the library's
        } else if (c === 37 && i === ls) {
          // A `%YAML 1.1` or `1.2` directive before the first document (its `---` must follow); any
          // other directive is the library's.
          if (started || directive || !YAML_DIRECTIVE.test(text.slice(ls, le))) return undefined;
          directive = true;
        } else {
          if (directive) return undefined;
          started = true;
          doc.line(i, i - ls, le);
          if (doc.resume >= 0) {
            ls = doc.resume;
            doc.resume = -1;
            continue;
          }
        }
      }
      ls = le + 1;
    }
    if (directive) return undefined;
    doc.endPending();
    return doc.spans;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}
