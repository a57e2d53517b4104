/**
 * Jupyter notebooks are JSON: cell `source` lines and output `text` lines get ordinary JSON spans,
 * e.g. ["cells", 3, "source", 2].
 */
import type { Annotation } from "../types.js";
import { annotateJson } from "./json.js";

export function annotateNotebook(text: string): Annotation {
  return annotateJson(text, "notebook");
}
