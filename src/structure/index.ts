/**
 * Structure annotators: the key path of every scalar of a structured file, with exact offsets.
 * Pure and synchronous; never throws (parse errors, garbage and stack overflows become `error`).
 */
import type { Annotation, KeySpan, StructFormat } from "../types.js";
import { annotateDotenv } from "./dotenv.js";
import { annotateIni } from "./ini.js";
import { annotateJson } from "./json.js";
import { annotateNetrc } from "./netrc.js";
import { annotateNotebook } from "./notebook.js";
import { annotatePgpass } from "./pgpass.js";
import { SpanTable } from "./span-table.js";
import { annotateToml } from "./toml.js";
import { messageOf } from "./util.js";
import { annotateYaml } from "./yaml.js";

const BOM = 0xfeff;

function dispatch(text: string, format: StructFormat): Annotation {
  switch (format) {
    case "json":
    case "jsonc":
      return annotateJson(text, format);
    case "notebook":
      return annotateNotebook(text);
    case "yaml":
      return annotateYaml(text);
    case "toml":
      return annotateToml(text);
    case "dotenv":
      return annotateDotenv(text);
    case "ini":
      return annotateIni(text);
    case "netrc":
      return annotateNetrc(text);
    case "pgpass":
      return annotatePgpass(text);
    default:
      return { format, spans: [], error: { message: `unknown format ${String(format)}` } };
  }
}

function byStart(a: KeySpan, b: KeySpan): number {
  return a.start - b.start || a.end - b.end;
}

function inOrder(spans: readonly KeySpan[]): boolean {
  for (let i = 1; i < spans.length; i++) if (byStart(spans[i - 1]!, spans[i]!) > 0) return false;
  return true;
}

/** Annotates `text` as `format`. A leading byte-order mark is skipped; offsets still index `text`. */
export function annotate(text: string, format: StructFormat): Annotation {
  const shift = text.charCodeAt(0) === BOM ? 1 : 0;
  let result: Annotation;
  try {
    result = dispatch(shift ? text.slice(shift) : text, format);
  } catch (e) {
    return { format, spans: [], error: { message: messageOf(e) } };
  }
  // The JSON reader's and the fast YAML path's tables: in text order (yaml.ts checks its own), their
  // offsets moved in place.
  if (result.list instanceof SpanTable) {
    result.list.moveBy(shift);
    return result;
  }
  const shifted = shift
    ? result.spans.map((s) => ({
        path: s.path,
        start: s.start + shift,
        end: s.end + shift,
        value: s.value,
        raw: s.raw,
      }))
    : result.spans;
  // The annotators mostly give their spans in order already: sort only when they do not.
  const spans = inOrder(shifted) ? shifted : [...shifted].sort(byStart);
  return result.error ? { format, spans, error: result.error } : { format, spans };
}
