/**
 * Broken references: a value in an MCP server entry written in a reference syntax that *this* client
 * does not expand (`${env:X}` in Claude Code, bare `${X}` in VS Code, anything in Claude Desktop…).
 * The server then receives the literal text, and users "fix" it by pasting the real key. Pure.
 */
import type { Client } from "../sources/clients.js";
import type { Annotation, Diagnostic } from "../types.js";
import { LineIndex } from "../util/lines.js";
import { attribute, formatKeyPath } from "./attribute.js";

const REFERENCE_LIKE =
  /\$\{\{[^}\n]{1,200}\}\}|\$\{[^}\n]{1,200}\}|\{(?:env|file):[^}\n]{1,200}\}|^\$[A-Za-z_][A-Za-z0-9_]*$|\$(?=[A-Z_]{3,}\b)[A-Za-z_][A-Za-z0-9_]*/g;

/** Syntaxes every client can use without expansion: never reported. */
const HARMLESS = /^\$\{(?:workspaceFolder|userHome|pathSeparator|\/)\}$/;

export function brokenReferences(text: string, keys: Annotation, client: Client, path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lines: LineIndex | undefined;
  for (const span of keys.spans) {
    const attr = attribute(client, span.path, keys.spans);
    if (attr.server === null) continue;
    for (const m of span.value.matchAll(REFERENCE_LIKE)) {
      const ref = m[0];
      if (HARMLESS.test(ref) && client.expands.length) continue;
      if (client.expands.some((re) => re.test(ref))) continue;
      lines ??= new LineIndex(text);
      const at = span.raw ? span.start + (m.index ?? 0) : span.start;
      const line = lines.position(at).line;
      const fix = client.secure ? ` ${client.secure}` : "";
      out.push({
        code: "broken-reference",
        severity: "warning",
        path: `${path}:${line}`,
        detail: `${client.name} does not expand \`${ref}\` at ${formatKeyPath(span.path)}: server \`${attr.server}\` receives this text literally (and someone will paste the real key here).${fix}`,
      });
    }
  }
  return out;
}
