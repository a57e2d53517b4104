/**
 * Key paths kept through their containers: a span holds the node of the container its value sits in
 * and its own key or index there, and makes its whole path only when asked. The JSON reader gives
 * each scalar of a file such a span: a copy of the whole path per scalar was a third of what a 7 MB
 * JSON dump allocated, most of it never read (pairs need a value's last key, siblings share a node).
 * Pure.
 */
import type { KeySeg, KeySpan } from "../types.js";

/** A container's place: the container holding it (undefined: the top one) and its key or index there. */
export interface PathNode {
  readonly up: PathNode | undefined;
  readonly seg: KeySeg;
  /** Segments in the container's path. */
  readonly depth: number;
}

/**
 * The node of a container at `seg` inside the container of node `up`. A literal: V8 lets objects made
 * at one literal, not by `new`, start in old space once it sees most of them survive, as a file's nodes do.
 */
export function childNode(up: PathNode | undefined, seg: KeySeg): PathNode {
  return { up, seg, depth: up === undefined ? 1 : up.depth + 1 };
}

/** A scalar's span whose path is made from its container's node when first read. */
export class NodeSpan implements KeySpan {
  private own: readonly KeySeg[] | undefined = undefined;

  constructor(
    /** The node of the container holding the value; undefined in the top container (or at the top). */
    readonly at: PathNode | undefined,
    /** The value's key or index in its container; undefined for a document that is one scalar. */
    readonly last: KeySeg | undefined,
    readonly start: number,
    readonly end: number,
    readonly value: string,
    readonly raw: boolean,
  ) {}

  get path(): readonly KeySeg[] {
    if (this.own === undefined) this.own = pathOf(this.at, this.last);
    return this.own;
  }
}

/** Segments in the path of a value at `last` in the container of node `at`. */
export function pathLength(at: PathNode | undefined, last: KeySeg | undefined): number {
  return (at === undefined ? 0 : at.depth) + (last === undefined ? 0 : 1);
}

function pathOf(at: PathNode | undefined, last: KeySeg | undefined): KeySeg[] {
  const out: KeySeg[] = [];
  if (last !== undefined) out.push(last);
  for (let n = at; n !== undefined; n = n.up) out.push(n.seg);
  return out.reverse();
}

/** The last segment of a span's path (undefined when the path is empty), without making the path. */
export function lastSeg(s: KeySpan): KeySeg | undefined {
  return s instanceof NodeSpan ? s.last : s.path[s.path.length - 1];
}

/**
 * Whether `s` is a sibling of `of` under `last`: its path is `of`'s with the last segment `last`. Spans
 * of one container answer from their node; others (another annotator's, or a repeated key's second
 * container) compare paths.
 */
export function isSiblingUnder(of: KeySpan, s: KeySpan, last: KeySeg): boolean {
  if (of instanceof NodeSpan && s instanceof NodeSpan && of.at === s.at && of.last !== undefined) {
    return s.last === last;
  }
  const path = of.path;
  if (s.path.length !== path.length || path.length === 0 || s.path[path.length - 1] !== last) return false;
  for (let k = 0; k < path.length - 1; k++) if (s.path[k] !== path[k]) return false;
  return true;
}
