import fc from "fast-check";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { annotate } from "../../src/structure/index.js";
import { expectLeaves, expectValue, expectWellFormed, objectKey, spanAt, trickyString } from "./helpers.js";
import { type TomlTable, type TomlValue, writeToml } from "./toml-writer.js";

const CODEX = `# ~/.codex/config.toml
model = "gpt-5-codex"
approval_policy = "on-request"

[mcp_servers.groq]
command = "npx"
args = [
  "-y",           # run without prompting
  'groq-mcp',
  "--verbose",    # trailing comma next
]
startup_timeout_sec = 20

[mcp_servers.groq.env]
GROQ_API_KEY = "gsk_test_groq"
"QUOTED.KEY" = 'literal \\n kept'

[mcp_servers.figma]
command = "npx"
env = { FIGMA_API_KEY = "figd_test", nested = { deep = """
multi
line""" } }
http_headers = { "X-Api-Key" = "k\\u0041\\tb", Authorization = "Bearer test-figma" }

[mcp_servers."my.server"]
url = "https://example.test/mcp"
enabled = true

[[profiles]]
name = "first"
[profiles.env]
TOKEN = "test-one"

[[profiles]]
name = "second"
[[profiles.hooks]]
run = "a"
[[profiles.hooks]]
run = "b"

[dates]
odt = 1979-05-27T07:32:00Z
space = 1979-05-27 07:32:00.999-07:00
local = 07:32:00
num = +1_000
hex = 0xDEAD_beef
float = -3.14e-2
`;

describe("toml: Codex config.toml", () => {
  const a = annotate(CODEX, "toml");

  it("parses without error and keeps spans sorted and well formed", () => {
    expect(a.format).toBe("toml");
    expect(a.error).toBeUndefined();
    expectWellFormed(CODEX, a);
  });

  it("resolves [mcp_servers.groq] and its [mcp_servers.groq.env] sub-table", () => {
    expectValue(CODEX, a, ["mcp_servers", "groq", "env", "GROQ_API_KEY"], "gsk_test_groq");
    expectValue(CODEX, a, ["mcp_servers", "groq", "env", "QUOTED.KEY"], "literal \\n kept");
    expectValue(CODEX, a, ["mcp_servers", "groq", "command"], "npx");
    expectValue(CODEX, a, ["mcp_servers", "groq", "startup_timeout_sec"], "20");
    expectValue(CODEX, a, ["model"], "gpt-5-codex");
  });

  it("walks a multi-line array with comments and a trailing comma", () => {
    expectValue(CODEX, a, ["mcp_servers", "groq", "args", 0], "-y");
    expectValue(CODEX, a, ["mcp_servers", "groq", "args", 1], "groq-mcp");
    expectValue(CODEX, a, ["mcp_servers", "groq", "args", 2], "--verbose");
    expect(spanAt(a, ["mcp_servers", "groq", "args", 3])).toBeUndefined();
  });

  it("walks inline tables, nested inline tables and multi-line strings", () => {
    expectValue(CODEX, a, ["mcp_servers", "figma", "env", "FIGMA_API_KEY"], "figd_test");
    expectValue(CODEX, a, ["mcp_servers", "figma", "env", "nested", "deep"], "multi\nline");
    expectValue(CODEX, a, ["mcp_servers", "figma", "http_headers", "X-Api-Key"], "kA\tb", false);
    expectValue(CODEX, a, ["mcp_servers", "figma", "http_headers", "Authorization"], "Bearer test-figma");
  });

  it("handles quoted header keys and arrays of tables", () => {
    expectValue(CODEX, a, ["mcp_servers", "my.server", "url"], "https://example.test/mcp");
    expectValue(CODEX, a, ["mcp_servers", "my.server", "enabled"], "true");
    expectValue(CODEX, a, ["profiles", 0, "name"], "first");
    expectValue(CODEX, a, ["profiles", 0, "env", "TOKEN"], "test-one");
    expectValue(CODEX, a, ["profiles", 1, "name"], "second");
    expectValue(CODEX, a, ["profiles", 1, "hooks", 0, "run"], "a");
    expectValue(CODEX, a, ["profiles", 1, "hooks", 1, "run"], "b");
  });

  it("keeps dates and numbers as source text", () => {
    expectValue(CODEX, a, ["dates", "odt"], "1979-05-27T07:32:00Z");
    expectValue(CODEX, a, ["dates", "space"], "1979-05-27 07:32:00.999-07:00");
    expectValue(CODEX, a, ["dates", "local"], "07:32:00");
    expectValue(CODEX, a, ["dates", "num"], "+1_000");
    expectValue(CODEX, a, ["dates", "hex"], "0xDEAD_beef");
    expectValue(CODEX, a, ["dates", "float"], "-3.14e-2");
  });
});

describe("toml: strings and errors", () => {
  it("decodes all four string kinds", () => {
    const text = [
      String.raw`basic = "tab\there \"q\" \\ \U0001F600"`,
      String.raw`literal = 'C:\path\no-escapes'`,
      `ml_basic = """\\\n    joined \\\n    line"""`,
      `ml_literal = '''\nraw \\n ''quoted'' '''`,
      `ends = """x"""""`,
    ].join("\n");
    const a = annotate(text, "toml");
    expect(a.error).toBeUndefined();
    expectValue(text, a, ["basic"], 'tab\there "q" \\ 😀', false);
    expectValue(text, a, ["literal"], String.raw`C:\path\no-escapes`);
    expectValue(text, a, ["ml_basic"], "joined line", false);
    expectValue(text, a, ["ml_literal"], "raw \\n ''quoted'' ");
    expectValue(text, a, ["ends"], 'x""');
  });

  it("resolves dotted keys inside tables, with spaces around the dots", () => {
    const text = '[server]\nenv.API_KEY = "test-dotted"\n"quoted key" . inner = 2\n1234 = "digits"\n';
    const a = annotate(text, "toml");
    expect(a.error).toBeUndefined();
    expectValue(text, a, ["server", "env", "API_KEY"], "test-dotted");
    expectValue(text, a, ["server", "quoted key", "inner"], "2");
    expectValue(text, a, ["server", "1234"], "digits");
  });

  it("reports the syntax error line and still returns the other spans", () => {
    const text = 'a = "x"\nb = = 1\nc = "y"\n[t]\nd = "z"\n';
    const a = annotate(text, "toml");
    expect(a.error?.line).toBe(2);
    expectValue(text, a, ["a"], "x");
    expectValue(text, a, ["c"], "y");
    expectValue(text, a, ["t", "d"], "z");
  });

  it("survives unterminated strings, arrays and tables", () => {
    for (const text of [
      'a = """never closed\nb = 1',
      "a = [1, 2",
      "[t",
      'k = "open\nv = "ok"',
      "a = { b = 1",
    ]) {
      const a = annotate(text, "toml");
      expect(a.error, text).toBeDefined();
      expectWellFormed(text, a);
    }
    expectValue('k = "open\nv = "ok"', annotate('k = "open\nv = "ok"', "toml"), ["v"], "ok");
  });

  it("handles CRLF line endings", () => {
    const text = '[server]\r\nkey = "v1"\r\nml = """\r\nline\r\n"""\r\n';
    const a = annotate(text, "toml");
    expect(a.error).toBeUndefined();
    expectValue(text, a, ["server", "key"], "v1");
    expectValue(text, a, ["server", "ml"], "line\r\n");
  });
});

const leaf = fc.oneof(trickyString, fc.integer(), fc.boolean());
const tomlValue = fc.letrec<{ node: TomlValue }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(objectKey, tie("node"), { maxKeys: 3 }),
  ),
})).node;
const tomlTable = fc.dictionary(objectKey, tomlValue, { maxKeys: 5 }) as fc.Arbitrary<TomlTable>;

describe("toml: property", () => {
  it("finds every string leaf of random documents written in random styles", () => {
    fc.assert(
      fc.property(tomlTable, fc.integer(), (value, seed) => {
        const text = writeToml(value, seed);
        expect(parse(text)).toEqual(value); // the writer is right
        const a = annotate(text, "toml");
        expect(a.error).toBeUndefined();
        expectWellFormed(text, a);
        expectLeaves(text, a, value);
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});
