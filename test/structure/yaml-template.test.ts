import { describe, expect, it } from "vitest";
import { annotate } from "../../src/structure/index.js";
import type { KeySpan } from "../../src/types.js";
import { templatedYamlSpans } from "./yaml-spans.js";

const HELM = `{{- if .Values.enabled }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
    tier: backend
stringData:
  DB_PASSWORD: {{ .Values.db.password | quote }}
  ADMIN_TOKEN: "{{ .Values.token }}"
  REGION: eu-west-1
  URL: "https://{{ .Values.host }}/api"
{{- end }}
`;

const JINJA = `{# managed by ansible,
   do not edit #}
users:
{% for u in users %}
  - name: {{ u.name }}
    shell: /bin/bash
{% endfor %}
`;

/** Each span as its dotted path and value, after checking that a raw value is its source text. */
function leaves(text: string, spans: readonly KeySpan[]): string[] {
  for (const s of spans) if (s.raw) expect(text.slice(s.start, s.end)).toBe(s.value);
  return spans.map((s) => `${s.path.join(".")}=${s.value}`);
}

/** The YAML annotation's spans of `text`, which it must read without an error. */
function annotated(text: string): KeySpan[] {
  const a = annotate(text, "yaml");
  expect(a.error, text).toBeUndefined();
  return a.spans;
}

describe("templated YAML (Helm, Jinja)", () => {
  it("reads a Helm template's own keys and values, at their offsets, and none a template action renders", () => {
    expect(leaves(HELM, annotated(HELM))).toEqual([
      "apiVersion=v1",
      "kind=Secret",
      "metadata.labels.tier=backend",
      "stringData.REGION=eu-west-1",
    ]);
  });

  it("blanks Jinja statements and comments over lines, keeping every line where it was", () => {
    const spans = annotated(JINJA);
    expect(leaves(JINJA, spans)).toEqual(["users.0.shell=/bin/bash"]);
    expect(spans[0]!.start).toBe(JINJA.indexOf("/bin/bash"));
  });

  it("blanks the rest of a line an action starts: a key the template renders (`{{ $key }}: v`)", () => {
    const text = [
      "kind: ConfigMap",
      "data:",
      "  LOG_LEVEL: info",
      "  {{- range $key, $val := .Values.env }}",
      "  {{ $key }}: {{ $val | quote }}",
      "  {{- end }}",
      "  {{ .Values.extraKey }}: literal",
      "  APP_MODE: production",
      "",
    ].join("\n");
    const expected = ["kind=ConfigMap", "data.LOG_LEVEL=info", "data.APP_MODE=production"];
    expect(leaves(text, annotated(text))).toEqual(expected);
    // The same with CR LF line ends: the same spans, at the offsets of that text.
    const crlf = text.replaceAll("\n", "\r\n");
    expect(leaves(crlf, annotated(crlf))).toEqual(expected);
  });

  it("keeps out of YAML without template actions, and leaves what is still not plain YAML to the library", () => {
    expect(templatedYamlSpans("a: b\n")).toBeUndefined();
    expect(templatedYamlSpans("a: {b: c}\n")).toBeUndefined();
    // A tab keeps the text from the fast path, actions blanked or not: the library reads it, as before.
    const tabbed = "a:\n\t{{ .x }}: 1\n";
    expect(templatedYamlSpans(tabbed)).toBeUndefined();
    expect(annotate(tabbed, "yaml").error).toBeDefined();
  });

  it("keeps no value on a line with an action: the template renders it, in part or whole", () => {
    const text =
      "a: x\nb: '{{ .v }}'\nc: y{{ .w }}\nd: {{ .p }} tail\ne: z {{/* note */}}\nf: |\n  one\n  {{ .two }}\ng: ''\nh: |\n  kept\n\nz: end\ni: {{ .j }}\n";
    expect(leaves(text, templatedYamlSpans(text)!)).toEqual(["a=x", "g=", "h=kept\n", "z=end"]);
  });

  it("reads a text of openers never closed once, and a closer of another kind closes nothing", () => {
    const open = `a: x\n${"{{ ".repeat(400_000)}\n`;
    expect(templatedYamlSpans(open)).toBeUndefined();
    const mixed = "a: x\nb: {% if y }}\nc: z\n";
    expect(templatedYamlSpans(mixed)).toBeUndefined();
    const late = `a: x\n${"{% ".repeat(100_000)}\nb: {{ .v }}\n`;
    expect(templatedYamlSpans(late)).toBeUndefined();
    // One long line of closed actions: each asks where its line starts, found once for the line.
    const line = `a: x\nb: ${"{{ .v }} ".repeat(200_000)}\nc: y\n`;
    expect(templatedYamlSpans(line)!.map((s) => s.value)).toEqual(["x", "y"]);
    // One long line of values beside a line with an action: each value asks which lines it is on, once.
    const items = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
    const long = `{{ .head }}\na: [${items.join(", ")}]\n`;
    expect(templatedYamlSpans(long)!.map((s) => s.value)).toEqual(items);
  });
});
