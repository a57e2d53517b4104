/** Reporter registry: format name → pure renderer. */

import type { Report } from "../types.js";
import { renderGithub } from "./github.js";
import { jsonReportPieces, renderJson } from "./json.js";
import { batched } from "./json-pieces.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { Reporter, ReportOptions } from "./types.js";

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  github: renderGithub,
};

export const FORMATS = Object.keys(REPORTERS);

/** Formats whose reports can outgrow one string (every finding in full), written piece by piece. */
const PIECES: Readonly<Record<string, (report: Report, opts: ReportOptions) => Iterable<string>>> = {
  json: jsonReportPieces,
};

/** A report in writes of about a megabyte: a JSON report of any length, the other formats whole. */
export function reportWrites(format: string, report: Report, opts: ReportOptions): Iterable<string> {
  const pieces = PIECES[format];
  return pieces ? batched(pieces(report, opts)) : [REPORTERS[format]!(report, opts)];
}
