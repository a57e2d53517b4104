/** Reporter registry: format name → pure renderer. */
import { renderJson } from "./json.js";
import { renderText } from "./text.js";
import type { Reporter } from "./types.js";

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: renderText,
  json: renderJson,
};

export const FORMATS = Object.keys(REPORTERS);
