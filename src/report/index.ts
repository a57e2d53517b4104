/** Reporter registry: format name → pure renderer. */
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { Reporter } from "./types.js";

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  github: renderGithub,
};

export const FORMATS = Object.keys(REPORTERS);
