/**
 * Candidate → Finding: located (1-based line/column), attributed (key path, client, server, field),
 * identified (content-based ids, computed when first read: identity.ts). Inline `agent-secrets:allow`
 * comments are honoured here, where the text is at hand.
 */
import type { Rule } from "../rules/types.js";
import type { Client } from "../sources/clients.js";
import type { Candidate, Finding, Fragment, KeySeg, PairedMatch, PairedPart } from "../types.js";
import { LineIndex } from "../util/lines.js";
import { listOf, pathAt } from "../util/span-list.js";
import { detached } from "../util/strings.js";
import { attribute, formatKeyPath } from "./attribute.js";
import { identified } from "./identity.js";

export const ALLOW_MARKER = "agent-secrets:allow";

export interface BuildContext {
  readonly rules: ReadonlyMap<string, Rule>;
  readonly clients: ReadonlyMap<string, Client>;
  /** Prefix for paths when several roots are scanned ("" for one). */
  readonly pathPrefix: string;
  readonly root: string;
}

export interface Built {
  readonly findings: Finding[];
  readonly allowed: number;
}

/**
 * An allow comment on the line of `offset` or the line before. The lines holding one are found in one
 * pass over the text: searching each candidate's line cost the line's length every time, and a one-line
 * file of 10,000 secrets took 30 s.
 */
function allowedAt(lines: LineIndex, offset: number): boolean {
  const line = lines.lineIndex(offset);
  return lines.lineHas(line, ALLOW_MARKER) || (line > 0 && lines.lineHas(line - 1, ALLOW_MARKER));
}

function lineOf(frag: Fragment, line: number): number {
  return frag.lines ? (frag.lines[line - 1] ?? line) : line + frag.firstLine - 1;
}

/** Where offsets [start, end) of a fragment lie in its file: 1-based lines and columns. */
function placeOf(start: number, end: number, lines: LineIndex, frag: Fragment) {
  const from = lines.position(start);
  const to = lines.position(Math.max(end, start));
  return {
    line: lineOf(frag, from.line),
    column: from.column,
    endLine: lineOf(frag, to.line),
    endColumn: to.column,
  };
}

/** A key path as reports show it, none when it is empty. */
function shownKeyPath(keyPath: readonly KeySeg[] | undefined): string | null {
  return keyPath?.length ? detached(formatKeyPath(keyPath)) : null;
}

/**
 * A dropped half of finding `c`'s credential, located as the finding is. Named by its rule, or, when
 * the finding is reported under that same rule (a key file's id beside its private key), by its key.
 */
function pairedPart(
  h: PairedMatch,
  c: Candidate,
  lines: LineIndex,
  frag: Fragment,
  ctx: BuildContext,
): PairedPart {
  const key = h.keyPath?.[h.keyPath.length - 1];
  return {
    ruleId: h.ruleId,
    title:
      h.ruleId === c.ruleId && key !== undefined ? String(key) : (ctx.rules.get(h.ruleId)?.name ?? h.ruleId),
    ...placeOf(h.start, h.end, lines, frag),
    keyPath: shownKeyPath(h.keyPath),
  };
}

export function buildFindings(frag: Fragment, cands: readonly Candidate[], ctx: BuildContext): Built {
  const lines = new LineIndex(frag.text);
  const occurrences = new Map<string, number>();
  const findings: Finding[] = [];
  let allowed = 0;
  const origin = frag.origin;
  const path = ctx.pathPrefix + origin.path;
  const commit = origin.kind === "git" ? origin.commit : null;
  const client = frag.context.client ? ctx.clients.get(frag.context.client) : undefined;
  const list = frag.keys ? listOf(frag.keys) : undefined;
  for (const c of cands) {
    if (allowedAt(lines, c.start)) {
      allowed++;
      continue;
    }
    const rule = ctx.rules.get(c.ruleId)!;
    const occKey = `${rule.id}\u0000${c.secret}`;
    const occurrence = occurrences.get(occKey) ?? 0;
    occurrences.set(occKey, occurrence + 1);
    const keyPath: readonly KeySeg[] | undefined = c.keyPath ?? (list ? pathAt(list, c.start) : undefined);
    const attr = client && keyPath ? attribute(client, keyPath, frag.keys?.spans ?? []) : null;
    findings.push(
      identified(
        {
          ruleId: rule.id,
          provider: rule.provider,
          title: rule.name,
          severity: rule.severity,
          confidence: rule.confidence,
          path,
          ...placeOf(c.start, c.end, lines, frag),
          keyPath: shownKeyPath(keyPath),
          fileKind: frag.context.fileKind,
          client: client?.id ?? null,
          server: attr && attr.server !== null ? detached(attr.server) : null,
          field: attr && attr.field !== null ? detached(attr.field) : null,
          exposure: origin.kind === "git" ? "history" : origin.kind === "home" ? "home" : origin.exposure,
          commit,
          introducedIn: null,
          decoded: c.decoded ?? null,
          ...(c.pairedAt ? { paired: c.pairedAt.map((h) => pairedPart(h, c, lines, frag, ctx)) } : {}),
          // Findings live to the end of the scan: their strings must not hold the file's text alive.
          secret: detached(c.secret),
          root: ctx.root,
        },
        occurrence,
      ),
    );
  }
  return { findings, allowed };
}
