/**
 * What the reading thread finds out about one file it read, so the main thread only detects: keyword
 * hits, classification, structure. A file that cannot give a finding or a diagnostic (no format, no
 * keyword, no read note) is handed over bare: counted, its text not sent. Pure.
 */
import type { KeywordMatcher } from "../detect/prefilter.js";
import { annotate } from "../structure/index.js";
import { type Classifier, HEAD } from "./classify.js";
import type { ReadResult } from "./read.js";
import type { ReadItem } from "./read-shared.js";

export function inspect(
  path: string,
  res: ReadResult,
  matcher: KeywordMatcher,
  classifier: Classifier,
): ReadItem {
  if (!res.ok) return { res };
  const hits = matcher.scanHits(res.text);
  const context = classifier.classify(path, res.text.slice(0, HEAD));
  if (!context.format && hits.length === 0 && !res.note)
    return { res: { ok: true, text: "", bytes: res.bytes }, bare: true };
  return { res, hits, context, keys: context.format ? annotate(res.text, context.format) : undefined };
}
