/**
 * One fragment through the pure part of the pipeline: detect → judge → overlaps → findings.
 * Used by the scan and by `rules check`, so rule examples run through exactly what users get.
 */

import { isMnemonic, leadingMnemonic } from "./detect/bip39.js";
import { base64Text, decodedViews, escapedOffsets, mayDecode } from "./detect/decode.js";
import { type DetectOptions, detect, resolveOverlaps } from "./detect/detect.js";
import type { Engine } from "./detect/engine.js";
import { shannonEntropy } from "./detect/entropy.js";
import { judge } from "./detect/judge.js";
import { pairUp } from "./detect/pair-up.js";
import { type BuildContext, buildFindings } from "./findings/build.js";
import { isCode, isTranslations } from "./sources/classify.js";
import { annotate } from "./structure/index.js";
import type { Candidate, Finding, Fragment, KeySeg } from "./types.js";
import { listOf, pathAt, spanOf } from "./util/span-list.js";

export interface FragmentResult {
  readonly findings: Finding[];
  readonly dropped: Record<string, number>;
  readonly allowed: number;
}

export function judgeCandidates(
  cands: readonly Candidate[],
  engine: Engine,
  dropped: Record<string, number>,
  text?: string,
  docs = false,
  path = "",
): Candidate[] {
  const kept: Candidate[] = [];
  const ctx = {
    global: engine.global,
    prefixes: engine.prefixes,
    text,
    docs,
    translations: path !== "" && isTranslations(path),
    python: path.endsWith(".py"),
  };
  for (const found of cands) {
    const rule = engine.byId.get(found.ruleId)!;
    const c = rule.validate === "bip39" ? phraseOf(found, engine.global.bip39English) : found;
    const reason = judge(c, rule, ctx);
    if (reason) dropped[reason] = (dropped[reason] ?? 0) + 1;
    else kept.push(c);
  }
  return resolveOverlaps(kept);
}

/**
 * A recovery phrase's candidate as the mnemonic its words start with, when the words run on past one
 * (bip39.ts leadingMnemonic); as found otherwise (the judge then decides on all its words).
 */
function phraseOf(c: Candidate, list: string): Candidate {
  if (isMnemonic(c.secret, list)) return c;
  const head = leadingMnemonic(c.secret, list);
  if (head === undefined) return c;
  // A candidate mapped to its value's whole span (a decoded view's) keeps that span.
  const end = c.end - c.start === c.secret.length ? c.start + head.length : c.end;
  return { ...c, secret: head, end, entropy: shannonEntropy(head) };
}

/**
 * Candidates from decoded views of structured values (base64, escaped, URL-encoded), mapped to the
 * encoded span (an escaped string's, exactly to the secret). The key name is kept in front of the
 * decoded text so keyed rules still apply. A view's rule past its cap of matches is counted in
 * `opts.dropped` (detect.ts MATCH_CAP), as the text's own are.
 */
function decodedCandidates(frag: Fragment, engine: Engine, opts: DetectOptions): Candidate[] {
  const out: Candidate[] = [];
  if (!frag.keys) return out;
  const list = listOf(frag.keys);
  // Indexed loops here and in detect's hot paths: most of a scan runs before V8 optimises them, and
  // there a for-of loop makes an iterator result per element (2.9 MB over the YAML tree's decoding).
  const decodable = mayDecode(frag.text, list);
  const json = frag.keys.format === "json" || frag.keys.format === "jsonc" || frag.keys.format === "notebook";
  let views = 0;
  for (let d = 0; d < decodable.length; d++) {
    const i = decodable[d]!;
    const made = decodedViews(list, i);
    if (made.length === 0) continue; // most values: no iterator made
    const span = spanOf(list, i);
    const key = lastKey(span.path);
    for (let w = 0; w < made.length; w++) {
      const view = made[w]!;
      const id = ++views;
      // The key before the view, so keyed rules take a value that is a secret; on a line of its own
      // before a view of several lines, whose first line's assignment it would take as its value (a
      // ConfigMap's properties file opening with `db.password=…` went unreported). Either way the
      // view starts key.length + 2 characters in.
      const text = `${key}${SEVERAL_LINES.test(view.text) ? ":\n" : ": "}${view.text}`;
      // A JSON string is the text itself, one escape a character: its hits map back exactly. Another
      // format's value differs from its source by layout too (a YAML block scalar's indent, folded
      // lines): a hit maps to the same occurrence of its text in the value's source, when it is there.
      const escaped = view.kind === "json-escape";
      const found = detect({ text, code: false }, engine, opts);
      // Where the hits lie in the file, worked out only for a view that has some (most have none).
      const hits = found.length > 0;
      const offsets =
        escaped && json && hits ? escapedOffsets(frag.text, span.start, view.text.length) : undefined;
      const mapped =
        escaped && !json && hits
          ? inSource(found, text, key.length + 2, frag.text, span.start, span.end)
          : undefined;
      // A view that is a JSON document (a key file in a Secret's base64): a hit's path goes on into it.
      const doc =
        JSON_SHAPED.test(view.text) && (hits || view.kind === "base64")
          ? annotate(view.text, "json")
          : undefined;
      const inside = hits && doc !== undefined && !doc.error ? listOf(doc) : undefined;
      for (let f = 0; f < found.length; f++) {
        const c = found[f]!;
        if (c.start < key.length + 2) continue;
        let start = span.start;
        let end = span.end;
        let placed = true;
        if (offsets) {
          start = offsets[c.start - key.length - 2]!;
          end = offsets[c.end - key.length - 2]!;
        } else if (mapped && mapped[2 * f]! >= 0) {
          start = mapped[2 * f]!;
          end = mapped[2 * f + 1]!;
        } else placed = false;
        // Not placed: the whole value is its span, and where it was in the view keeps it apart from
        // the view's other secrets (a Secret's base64 properties file of three passwords gave one).
        const where = placed ? {} : { view: { id, start: c.start, end: c.end } };
        const within = inside ? pathAt(inside, c.start - key.length - 2) : undefined;
        out.push({
          ...c,
          start,
          end,
          keyPath: within ? [...span.path, ...within] : span.path,
          decoded: view.kind,
          priority: c.priority - 1,
          ...where,
        });
      }
      // One level deeper: a base64 value holding JSON with base64 inside (.dockerconfigjson).
      if (view.kind === "base64" && doc !== undefined) {
        const inner = listOf(doc);
        for (let j = 0; j < inner.length; j++) {
          const b = base64Text(inner.value(j));
          if (!b) continue;
          for (const c of detect({ text: `${String(inner.last(j))}: ${b}`, code: false }, engine, opts)) {
            out.push({
              ...c,
              start: span.start,
              end: span.end,
              keyPath: doc.error ? span.path : [...span.path, ...inner.path(j)],
              decoded: "base64",
              priority: c.priority - 1,
            });
          }
        }
      }
    }
  }
  return out;
}

/**
 * Formats whose values stand under names the text does not hold (a `.pgpass` line's password is its
 * fifth field): no keyword of a keyed rule is there to call it, so each value is read under its key.
 */
const UNNAMED = new Set(["pgpass"]);

/**
 * Candidates of a file in an UNNAMED format: each value that is its source text read as `key: value`,
 * so keyed rules apply, and mapped back to its exact place. A value with escapes is read by
 * decodedCandidates, as any structured file's is.
 */
function unnamedCandidates(frag: Fragment, engine: Engine, opts: DetectOptions): Candidate[] {
  const out: Candidate[] = [];
  if (!frag.keys || !UNNAMED.has(frag.keys.format)) return out;
  const list = listOf(frag.keys);
  for (let i = 0; i < list.length; i++) {
    if (!list.raw(i)) continue;
    const span = spanOf(list, i);
    const key = lastKey(span.path);
    const shift = span.start - key.length - 2;
    const found = detect({ text: `${key}: ${span.value}`, code: false }, engine, opts);
    for (const c of found) {
      if (c.start < key.length + 2) continue;
      out.push({ ...c, start: c.start + shift, end: c.end + shift, keyPath: span.path });
    }
  }
  return out;
}

/**
 * A JSON file that is one array of 64 byte values: a Solana keypair file (the CLI's `id.json`, a
 * program's `target/deploy/*-keypair.json`), whose text names nothing. It is read as `keypair: "[n,…]"`,
 * and a keyed rule's validator decides (the second half must be the first's public key); a hit spans
 * the whole array.
 */
function byteArrayCandidates(frag: Fragment, engine: Engine, opts: DetectOptions): Candidate[] {
  const keys = frag.keys;
  if ((keys?.format !== "json" && keys?.format !== "jsonc") || keys.error) return [];
  const list = listOf(keys);
  if (list.length !== KEYPAIR_BYTES) return [];
  const bytes: number[] = [];
  for (let i = 0; i < KEYPAIR_BYTES; i++) {
    const v = list.value(i);
    if (list.last(i) !== i || list.path(i).length !== 1 || !BYTE.test(v)) return [];
    bytes.push(Number(v));
  }
  const open = frag.text.lastIndexOf("[", list.start(0));
  const close = frag.text.indexOf("]", list.end(KEYPAIR_BYTES - 1));
  if (open < 0 || close < 0) return [];
  const text = `${KEYPAIR}: "[${bytes.join(",")}]"`;
  const out: Candidate[] = [];
  for (const c of detect({ text, code: false }, engine, opts))
    if (c.start > KEYPAIR.length) out.push({ ...c, start: open, end: close + 1, keyPath: [] });
  return out;
}

/** The bytes of a Solana keypair, the name its file is read under, and one byte's value as JSON writes it. */
const KEYPAIR_BYTES = 64;
const KEYPAIR = "keypair";
const BYTE = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * Where the hits `found` in `view` (a value's view, from `from`) lie in the value's source
 * source[srcFrom, srcTo): the same occurrence of each hit's text, as [start, end] pairs by hit, -1
 * where it is not there (a hit over a folded line break, or an escape). Hits are taken in the order of
 * their starts, and occurrences counted on from the hit before (in the view and the source alike), so
 * the two texts are each searched about once: counted from the value's start, a block scalar of 1,500
 * hits was searched 1,500 times. A value missing MISSES_MAX hits is searched no more.
 */
function inSource(
  found: readonly Candidate[],
  view: string,
  from: number,
  source: string,
  srcFrom: number,
  srcTo: number,
): Int32Array {
  const out = new Int32Array(2 * found.length).fill(-1);
  const order: number[] = [];
  for (let k = 0; k < found.length; k++) {
    const c = found[k]!;
    if (c.end > c.start && c.start >= from) order.push(k);
  }
  order.sort((a, b) => found[a]!.start - found[b]!.start);
  let v = from;
  let s = srcFrom;
  let misses = 0;
  for (let o = 0; o < order.length && misses < MISSES_MAX; o++) {
    const k = order[o]!;
    const c = found[k]!;
    const hit = view.slice(c.start, c.end);
    const at = nthIn(source, hit, s, srcTo, occurrencesBefore(view, hit, v, c.start));
    if (at < 0) {
      misses++;
      continue;
    }
    out[2 * k] = at;
    out[2 * k + 1] = at + hit.length;
    v = c.start;
    s = at;
  }
  return out;
}

/** Hits of a view not found in its value's source after which inSource stops searching. */
const MISSES_MAX = 64;

/** A text that opens as a JSON object or array does. */
const JSON_SHAPED = /^\s*[{[]/;

/** A text of more than one line: a line break with something that is no blank after it. */
const SEVERAL_LINES = /\n\s*\S/;

/** The last key of a path that has one (not an index), else `value`. */
function lastKey(path: readonly KeySeg[]): string {
  for (let k = path.length - 1; k >= 0; k--) {
    const seg = path[k];
    if (typeof seg === "string") return seg;
  }
  return "value";
}

/** How many times `needle` (not empty) occurs in text[from, before) (not overlapping). */
function occurrencesBefore(text: string, needle: string, from: number, before: number): number {
  let n = 0;
  for (
    let i = text.indexOf(needle, from);
    i !== -1 && i < before;
    i = text.indexOf(needle, i + needle.length)
  )
    n++;
  return n;
}

/**
 * Where the `nth` (from 0, not overlapping) occurrence of `needle` lies whole in text[from, to), or -1.
 * Searched in that range alone: never through the rest of the text.
 */
function nthIn(text: string, needle: string, from: number, to: number, nth: number): number {
  const range = text.slice(from, to);
  let i = range.indexOf(needle);
  for (let k = 0; k < nth && i !== -1; k++) i = range.indexOf(needle, i + needle.length);
  return i === -1 ? -1 : from + i;
}

export function scanFragment(
  frag: Fragment,
  engine: Engine,
  ctx: BuildContext,
  only?: ReadonlySet<number>,
): FragmentResult {
  const dropped: Record<string, number> = {};
  const opts: DetectOptions = only ? { only, dropped } : { dropped };
  const direct = detect(
    {
      text: frag.text,
      keys: frag.keys,
      code: isCode(frag.origin.path, frag.context),
      hits: frag.hits,
      plan: frag.plan,
    },
    engine,
    opts,
  );
  const cands = frag.keys
    ? [
        ...direct,
        ...decodedCandidates(frag, engine, opts),
        ...unnamedCandidates(frag, engine, opts),
        ...byteArrayCandidates(frag, engine, opts),
      ]
    : direct;
  if (cands.length === 0) return { findings: [], dropped, allowed: 0 };
  const judged = judgeCandidates(
    cands,
    engine,
    dropped,
    frag.text,
    frag.context.fileKind === "docs",
    frag.origin.path,
  );
  const kept = pairUp(judged, engine, dropped, frag.keys);
  const built = buildFindings(frag, kept, ctx);
  return { findings: built.findings, dropped, allowed: built.allowed };
}
