/** The fast YAML path's tables as span objects, as the tests compare them with the yaml library's. */
import { fastYamlTable } from "../../src/structure/yaml-fast.js";
import { templatedYamlTable } from "../../src/structure/yaml-template.js";
import type { KeySpan } from "../../src/types.js";
import { spansOf } from "../../src/util/span-list.js";

export function fastYamlSpans(text: string): KeySpan[] | undefined {
  const table = fastYamlTable(text);
  return table && spansOf(table);
}

export function templatedYamlSpans(text: string): KeySpan[] | undefined {
  const table = templatedYamlTable(text);
  return table && spansOf(table);
}
