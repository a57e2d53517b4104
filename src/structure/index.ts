/** Structure annotators: key paths for every scalar of a structured file. Pure; never throws. */
import type { Annotation, StructFormat } from "../types.js";
import { annotateDotenv } from "./dotenv.js";
import { annotateJson } from "./json.js";
import { annotateToml } from "./toml.js";
import { annotateYaml } from "./yaml.js";

export function annotate(text: string, format: StructFormat): Annotation {
  try {
    switch (format) {
      case "json":
      case "jsonc":
        return annotateJson(text, format);
      case "notebook":
        return annotateJson(text, "notebook");
      case "yaml":
        return annotateYaml(text);
      case "toml":
        return annotateToml(text);
      case "dotenv":
        return annotateDotenv(text);
    }
  } catch (e) {
    return { format, spans: [], error: { message: e instanceof Error ? e.message : String(e) } };
  }
}
