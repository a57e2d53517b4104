import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseDocument, stringify } from "yaml";
import { annotate } from "../../src/structure/index.js";
import { expectLeaves, expectValue, expectWellFormed, objectKey, spanAt, trickyString } from "./helpers.js";

const CONTINUE = `name: team-assistant
version: 1.0.0
schema: v1

model_defaults: &model_defaults
  provider: openai
  apiKey: test-openai-key
  requestOptions:
    headers:
      Authorization: "Bearer test-proxy-token"

models:
  - name: gpt-4o
    <<: *model_defaults
    model: gpt-4o
  - name: local
    <<: { provider: ollama, apiBase: 'http://localhost:11434' }

mcpServers:
  - name: supabase
    command: npx
    args: ["-y", "@supabase/mcp-server-supabase", --access-token, test-sbp-token]
    env:
      SUPABASE_URL: https://example.supabase.co # project url
  - name: github
    type: stdio
    command: docker
    args:
      - run
      - -e
      - GITHUB_PERSONAL_ACCESS_TOKEN=test-gh-token
    env:
      NOTE: |
        line one
        line two
      FOLDED: >-
        folded
        text
`;

describe("yaml: Continue config.yaml", () => {
  const a = annotate(CONTINUE, "yaml");

  it("walks an mcpServers list with flow and block sequences", () => {
    expect(a.format).toBe("yaml");
    expect(a.error).toBeUndefined();
    expectValue(CONTINUE, a, ["mcpServers", 0, "args", 2], "--access-token");
    expectValue(CONTINUE, a, ["mcpServers", 0, "args", 3], "test-sbp-token");
    expectValue(CONTINUE, a, ["mcpServers", 0, "args", 1], "@supabase/mcp-server-supabase");
    expectValue(CONTINUE, a, ["mcpServers", 0, "env", "SUPABASE_URL"], "https://example.supabase.co");
    expectValue(CONTINUE, a, ["mcpServers", 1, "args", 2], "GITHUB_PERSONAL_ACCESS_TOKEN=test-gh-token");
    expectWellFormed(CONTINUE, a);
  });

  it("reports an anchored literal where it is defined, not where the alias uses it", () => {
    expectValue(CONTINUE, a, ["model_defaults", "apiKey"], "test-openai-key");
    expectValue(
      CONTINUE,
      a,
      ["model_defaults", "requestOptions", "headers", "Authorization"],
      "Bearer test-proxy-token",
    );
    expect(spanAt(a, ["models", 0, "apiKey"])).toBeUndefined();
    expectValue(CONTINUE, a, ["models", 0, "model"], "gpt-4o");
  });

  it("gives the entries of an inline merge map the path of the map they merge into", () => {
    expectValue(CONTINUE, a, ["models", 1, "provider"], "ollama");
    expectValue(CONTINUE, a, ["models", 1, "apiBase"], "http://localhost:11434");
  });

  it("treats a merge key holding a scalar as an ordinary key", () => {
    const text = "a:\n  <<: test-scalar\n  b: [<<, x]\n";
    const b = annotate(text, "yaml");
    expectValue(text, b, ["a", "<<"], "test-scalar");
    expectValue(text, b, ["a", "b", 0], "<<");
  });

  it("spans block scalars over their content", () => {
    const s = expectValue(CONTINUE, a, ["mcpServers", 1, "env", "NOTE"], "line one\nline two\n", false);
    expect(CONTINUE.slice(s.start, s.end)).toBe("line one\n        line two");
    const f = expectValue(CONTINUE, a, ["mcpServers", 1, "env", "FOLDED"], "folded text", false);
    expect(CONTINUE.slice(f.start, f.end)).toBe("folded\n        text");
  });
});

describe("yaml: scalars and keys", () => {
  it("puts quoted scalars inside the quotes and decodes them", () => {
    const text = `a: "x\\ty"\nb: 'it''s'\nc: "plain"\nd: ''\ne: !!str tagged\n`;
    const a = annotate(text, "yaml");
    expectValue(text, a, ["a"], "x\ty", false);
    expectValue(text, a, ["b"], "it's", false);
    expectValue(text, a, ["c"], "plain");
    expectValue(text, a, ["d"], "");
    expectValue(text, a, ["e"], "tagged");
  });

  it("puts an anchored or tagged scalar's span on the value, and aliases get none", () => {
    const text =
      "key: &tok test-anchored\nagain: *tok\nlist: [*tok, &n 'q']\nblock: |2+ # comment\n   indented\n\n";
    const a = annotate(text, "yaml");
    expect(a.error).toBeUndefined();
    expectValue(text, a, ["key"], "test-anchored");
    expect(spanAt(a, ["again"])).toBeUndefined();
    expect(spanAt(a, ["list", 0])).toBeUndefined();
    expectValue(text, a, ["list", 1], "q");
    expect(spanAt(a, ["block"])?.value).toBe(" indented\n\n");
    expectWellFormed(text, a);
  });

  it("keeps non-string scalars and keys in their source form", () => {
    const text =
      "port: 0x1F\nbig: 12345678901234567890123\non: true\n1.0: one\n123: num\ntrue: yes\nnull_value: ~\nempty:\n";
    const a = annotate(text, "yaml");
    expectValue(text, a, ["port"], "0x1F");
    expectValue(text, a, ["big"], "12345678901234567890123");
    expectValue(text, a, ["on"], "true");
    expectValue(text, a, ["1.0"], "one");
    expectValue(text, a, ["123"], "num");
    expectValue(text, a, ["true"], "yes");
    expect(spanAt(a, ["null_value"])).toBeUndefined();
    expect(spanAt(a, ["empty"])).toBeUndefined();
  });

  it("handles flow mappings, pairs in flow sequences and multi-line plain scalars", () => {
    const text = "headers: {Authorization: Bearer test-x, X-Key: 'k'}\nlist: [a: b]\nlong: first\n  second\n";
    const a = annotate(text, "yaml");
    expectValue(text, a, ["headers", "Authorization"], "Bearer test-x");
    expectValue(text, a, ["headers", "X-Key"], "k");
    expectValue(text, a, ["list", 0, "a"], "b");
    expectValue(text, a, ["long"], "first second", false);
  });

  it("keeps paths document-relative in multi-document files", () => {
    const text =
      "kind: Secret\nstringData:\n  token: test-one\n---\nkind: Secret\nstringData:\n  token: test-two\n";
    const a = annotate(text, "yaml");
    expect(a.spans.filter((s) => s.path.join(".") === "stringData.token").map((s) => s.value)).toEqual([
      "test-one",
      "test-two",
    ]);
    expectWellFormed(text, a);
  });

  it("reports errors with a line and keeps the spans it could build", () => {
    const text = "good: value\nbad: [unclosed\nother: x\n";
    const a = annotate(text, "yaml");
    expect(a.error?.line).toBeGreaterThanOrEqual(2);
    expectValue(text, a, ["good"], "value");
    const dup = annotate("k: one\nk: two\n", "yaml");
    expect(dup.error).toBeUndefined();
    expect(dup.spans.map((s) => s.value)).toEqual(["one", "two"]);
  });
});

type Tree = string | Tree[] | { [k: string]: Tree };

const tree = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    trickyString,
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(objectKey, tie("node"), { maxKeys: 4 }),
  ),
})).node;

describe("yaml: property", () => {
  it("finds every string leaf of random documents", () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(2, 4), (value, indent) => {
        const text = stringify(value, { indent });
        fc.pre(parseDocument(text).errors.length === 0); // yaml's stringify rarely emits invalid YAML (" \na")
        const a = annotate(text, "yaml");
        expect(a.error).toBeUndefined();
        expectWellFormed(text, a);
        // The oracle is what the text means: yaml's stringify does not round-trip every whitespace string.
        expectLeaves(text, a, parse(text));
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});
