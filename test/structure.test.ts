import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { annotate } from "../src/structure/index.js";
import type { Annotation, KeySeg } from "../src/types.js";
import { withV8Natives } from "./helpers.js";

const find = (a: Annotation, path: KeySeg[]) =>
  a.spans.find((s) => JSON.stringify(s.path) === JSON.stringify(path));

function expectExact(text: string, a: Annotation, path: KeySeg[], value: string) {
  const s = find(a, path);
  expect(s, JSON.stringify(path)).toBeDefined();
  expect(s!.value).toBe(value);
  if (s!.raw) expect(text.slice(s!.start, s!.end)).toBe(value);
}

describe("json / jsonc", () => {
  it("gives key paths and exact offsets, with comments and trailing commas", () => {
    const text = `{
  // servers
  "servers": {
    "gh": { "env": { "GITHUB_TOKEN": "abc\\u0041def" }, "args": ["-y", "--token", "t0k"], },
  },
  "inputs": [{ "id": "k", "password": true }],
}`;
    const a = annotate(text, "jsonc");
    expect(a.error).toBeUndefined();
    expectExact(text, a, ["servers", "gh", "args", 2], "t0k");
    expect(find(a, ["servers", "gh", "env", "GITHUB_TOKEN"])).toMatchObject({ value: "abcAdef", raw: false });
    expectExact(text, a, ["inputs", 0, "password"], "true");
  });

  it("reports malformed and too-deep input without throwing", () => {
    expect(annotate('{"a": "b", oops}', "json").error).toBeDefined();
    const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
    expect(() => annotate(deep, "json")).not.toThrow();
    expect(annotate("", "json").spans).toEqual([]);
  });

  it("finds every string leaf of random documents", () => {
    fc.assert(
      fc.property(fc.json(), fc.integer({ min: 0, max: 4 }), (j, indent) => {
        const value = JSON.parse(j);
        const text = JSON.stringify(value, null, indent);
        const a = annotate(text, "json");
        const leaves: [KeySeg[], string][] = [];
        const walk = (v: unknown, p: KeySeg[]) => {
          if (typeof v === "string") leaves.push([p, v]);
          else if (Array.isArray(v)) {
            for (const [i, x] of v.entries()) walk(x, [...p, i]);
          } else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
        };
        walk(value, []);
        for (const [p, v] of leaves) {
          const s = a.spans.find((x) => JSON.stringify(x.path) === JSON.stringify(p) && x.value === v);
          expect(s, JSON.stringify(p)).toBeDefined();
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("yaml", () => {
  it("handles lists, anchors, block and quoted scalars", () => {
    const text = `defaults: &d
  apiKey: "k-123"
models:
  - <<: *d
    name: gpt
mcpServers:
  - name: supabase
    args: [-y, '--access-token', sbp_abc]
    env:
      NOTE: |
        line one
        line two
`;
    const a = annotate(text, "yaml");
    expect(a.error).toBeUndefined();
    expectExact(text, a, ["defaults", "apiKey"], "k-123");
    expectExact(text, a, ["mcpServers", 0, "args", 2], "sbp_abc");
    expectExact(text, a, ["mcpServers", 0, "args", 1], "--access-token");
    expect(find(a, ["mcpServers", 0, "env", "NOTE"])!.value).toBe("line one\nline two\n");
    expect(find(a, ["models", 0, "apiKey"])).toBeUndefined(); // aliases point at the definition
  });

  it("finds every string leaf of random documents", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }),
          fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
        ),
        (obj) => {
          const text = toYaml(obj);
          const a = annotate(text, "yaml");
          for (const [k, v] of Object.entries(obj)) {
            const vals = Array.isArray(v) ? v.map((x, i) => [[k, i], x] as const) : [[[k], v] as const];
            for (const [p, x] of vals) {
              const s = find(a, [...p]);
              if (x === "") continue;
              expect(s?.value, JSON.stringify(p)).toBe(x);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("toml", () => {
  it("handles tables, sub-tables, inline tables, arrays of tables and strings", () => {
    const text = `model = "gpt-5"
[mcp_servers.groq]
command = "npx"
args = ["-y", 'groq-mcp',
  "--verbose"]  # trailing comment

[mcp_servers.groq.env]
GROQ_API_KEY = "gsk_abc"

[mcp_servers."my.server"]
env = { FIGMA_API_KEY = 'figd_x', nested = { deep = """multi
line""" } }
http_headers = { "X-Api-Key" = "k\\u0041" }

[[profiles]]
name = "a"
[[profiles]]
name = "b"
`;
    const a = annotate(text, "toml");
    expect(a.error).toBeUndefined();
    expectExact(text, a, ["mcp_servers", "groq", "env", "GROQ_API_KEY"], "gsk_abc");
    expectExact(text, a, ["mcp_servers", "groq", "args", 1], "groq-mcp");
    expectExact(text, a, ["mcp_servers", "groq", "args", 2], "--verbose");
    expectExact(text, a, ["mcp_servers", "my.server", "env", "FIGMA_API_KEY"], "figd_x");
    expectExact(text, a, ["mcp_servers", "my.server", "env", "nested", "deep"], "multi\nline");
    expect(find(a, ["mcp_servers", "my.server", "http_headers", "X-Api-Key"])).toMatchObject({
      value: "kA",
      raw: false,
    });
    expectExact(text, a, ["profiles", 1, "name"], "b");
  });

  it("reports syntax errors and still returns what it could", () => {
    const a = annotate('a = "x"\nb = = 1\nc = "y"\n', "toml");
    expect(a.error?.line).toBe(2);
    expect(find(a, ["c"])?.value).toBe("y");
  });
});

describe("dotenv", () => {
  it("handles export, quotes, multi-line values, comments, commented-out assignments and CRLF", () => {
    const text =
      'export A=1\r\nB = "two\\nlines"\nC=\'lit $x\'\nD=plain # comment\n# E=no\nF="multi\nline"\nG=\n';
    const a = annotate(text, "dotenv");
    expectExact(text, a, ["A"], "1");
    expect(find(a, ["B"])).toMatchObject({ value: "two\nlines", raw: false });
    expectExact(text, a, ["C"], "lit $x");
    expectExact(text, a, ["D"], "plain");
    expectExact(text, a, ["E"], "no");
    expectExact(text, a, ["F"], "multi\nline");
    expect(find(a, ["G"])).toBeUndefined();
  });
});

describe("span shape", () => {
  // Every annotator's spans are objects of one shape (V8's "map"), the JSON reader's too (its table
  // makes them when they are read as objects). Code that reads spans then stays monomorphic, where
  // more shapes (a spread, a holey path array) threw optimised code away. V8 tells shapes apart only
  // with its natives syntax, so a child process compares them.
  it("is one shape for every annotator, with or without a byte order mark", () => {
    const samples: [string, string][] = [
      ['{"a": {"b": [1, "x", {"c": true}]}}', "json"],
      ['[{"id": 1, "name": "n"}, {"id": 2, "name": "m"}]', "json"],
      ['{"a": "b" "c": "d"}', "json"],
      ['\uFEFF{"a": "b"}', "json"],
      ["a:\n  b: c\n  d:\n    - e\n    - f: g\n", "yaml"],
      ["a: &x {b: c}\nd: *x\n", "yaml"],
      ['a = "b"\n[c]\nd = 1\n', "toml"],
      ['A=b\nC="d"\n', "dotenv"],
    ];
    const module = new URL("../dist/structure/index.js", import.meta.url).href;
    const script = `
      const { annotate } = await import(${JSON.stringify(module)});
      const samples = ${JSON.stringify(samples)};
      const all = samples.map(([text, format]) => annotate(text, format).spans);
      const ref = all[2][0];
      console.log(JSON.stringify(all.map((spans) => spans.map((s) =>
        [%HaveSameMap(s, ref), %HaveSameMap(s.path, ref.path)]))));`;
    const same = withV8Natives(script) as [boolean, boolean][][];
    same.forEach((spans, k) => {
      expect(spans.length, samples[k]![0]).toBeGreaterThan(0);
      for (const [span, path] of spans)
        expect({ span, path }, samples[k]![0]).toEqual({ span: true, path: true });
    });
  });
});
