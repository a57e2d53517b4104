import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "../../src/structure/index.js";
import { expectValue, expectWellFormed, spanAt, spansAt } from "./helpers.js";

const ENV = [
  "# Local secrets for the MCP servers",
  "export GITHUB_PERSONAL_ACCESS_TOKEN=gh-example-token-1",
  "OPENAI_API_KEY = sk-test-openai   # inline comment",
  "SINGLE='literal $HOME \\n stays'",
  'DOUBLE="tab\\tand \\"quotes\\""',
  'PRIVATE_KEY="-----BEGIN TEST KEY-----',
  "line-two",
  '-----END TEST KEY-----"',
  'OPENAPI_MCP_HEADERS=\'{"Authorization": "Bearer test-notion"}\'',
  "HASH_IN_VALUE=abc#def",
  "EMPTY=",
  'EMPTY_QUOTED=""',
  "ONLY_COMMENT= # nothing here",
  "YAML_STYLE: colon-value",
  "  INDENTED=yes",
  "BACKTICK=`raw \\n`",
  "not an assignment line",
  "",
].join("\n");

describe("dotenv: a typical .env", () => {
  const a = annotate(ENV, "dotenv");

  it("reads export, spaces around =, comments and KEY: value", () => {
    expect(a.format).toBe("dotenv");
    expect(a.error).toBeUndefined();
    expectValue(ENV, a, ["GITHUB_PERSONAL_ACCESS_TOKEN"], "gh-example-token-1");
    expectValue(ENV, a, ["OPENAI_API_KEY"], "sk-test-openai");
    expectValue(ENV, a, ["HASH_IN_VALUE"], "abc#def");
    expectValue(ENV, a, ["YAML_STYLE"], "colon-value");
    expectValue(ENV, a, ["INDENTED"], "yes");
    expectWellFormed(ENV, a);
  });

  it("keeps single quotes and backticks literal and decodes double quotes", () => {
    expectValue(ENV, a, ["SINGLE"], "literal $HOME \\n stays");
    expectValue(ENV, a, ["BACKTICK"], "raw \\n");
    const s = expectValue(ENV, a, ["DOUBLE"], 'tab\tand "quotes"', false);
    expect(ENV.slice(s.start, s.end)).toBe('tab\\tand \\"quotes\\"');
  });

  it("reads a multi-line double-quoted value up to its closing quote", () => {
    expectValue(ENV, a, ["PRIVATE_KEY"], "-----BEGIN TEST KEY-----\nline-two\n-----END TEST KEY-----");
    expect(spanAt(a, ["line-two"])).toBeUndefined();
  });

  it("does not expand a JSON value", () => {
    expectValue(ENV, a, ["OPENAPI_MCP_HEADERS"], '{"Authorization": "Bearer test-notion"}');
    expect(a.spans.filter((s) => s.path.length !== 1)).toEqual([]);
  });

  it("gives no span to an empty unquoted value, an empty span to an empty quoted one", () => {
    expect(spanAt(a, ["EMPTY"])).toBeUndefined();
    expect(spanAt(a, ["ONLY_COMMENT"])).toBeUndefined();
    expectValue(ENV, a, ["EMPTY_QUOTED"], "");
    expect(a.spans).toHaveLength(11);
  });
});

describe("dotenv: edge cases", () => {
  it("handles CRLF line endings", () => {
    const text = "A=one\r\nexport B=\"two\"\r\nC='three' # c\r\nD=\r\n";
    const a = annotate(text, "dotenv");
    expectValue(text, a, ["A"], "one");
    expectValue(text, a, ["B"], "two");
    expectValue(text, a, ["C"], "three");
    expect(spanAt(a, ["D"])).toBeUndefined();
  });

  it("reads an unterminated quote as a plain value to the end of its line", () => {
    const text = 'A="never closed\nB=ok\n';
    const a = annotate(text, "dotenv");
    expectValue(text, a, ["A"], '"never closed');
    expectValue(text, a, ["B"], "ok");
  });

  it("keeps duplicate keys, and reads commented-out assignments of one word but not prose", () => {
    const text = 'K=1\n# K=2\n  #K="3"\nK=4\n# K=see the wiki\n#K=\nV="a\n# K=5\n"\n';
    const a = annotate(text, "dotenv");
    expect(spansAt(a, ["K"]).map((s) => [s.value, text.slice(s.start, s.end)])).toEqual([
      ["1", "1"],
      ["2", "2"],
      ["3", "3"],
      ["4", "4"],
    ]);
    // A line of a quoted value that looks like a comment is the value's.
    expectValue(text, a, ["V"], "a\n# K=5\n");
  });
});

interface Entry {
  readonly key: string;
  readonly value: string;
  readonly style: number;
}

/** Writes one entry in a style that keeps its value, or undefined when the style cannot. */
function line(e: Entry): string | undefined {
  const prefix = ["", "export ", "  "][(e.style >> 2) % 3]!;
  const eq = (e.style >> 4) % 2 ? " = " : "=";
  const { value } = e;
  switch (e.style % 4) {
    case 0:
      if (!/^[^\s'"`#][^\n\r]*$/.test(value) || /\s$|\s#/.test(value)) return undefined;
      return `${prefix}${e.key}${eq}${value}`;
    case 1:
      return value.includes("'") ? undefined : `${prefix}${e.key}${eq}'${value}'`;
    default: {
      const escaped = value
        .replace(/[\\"]/g, (c) => `\\${c}`)
        .replace(/\n/g, (e.style >> 5) % 2 ? "\\n" : "\n");
      return `${prefix}${e.key}${eq}"${escaped}"`;
    }
  }
}

const entry = fc.record({
  key: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
  value: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({
      unit: fc.constantFrom("a", "Z", "9", " ", "\n", "#", "=", "'", '"', "\\", "$", "é"),
      maxLength: 12,
    }),
  ),
  style: fc.nat(),
});

describe("dotenv: property", () => {
  it("finds every value written in any style, with comments in between", () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.key, maxLength: 8 }), (entries) => {
        const written = entries.map((e) => ({ e, text: line(e) })).filter((w) => w.text !== undefined);
        const text = written.map((w, i) => (i % 3 === 2 ? `# comment ${i}\n${w.text}` : w.text)).join("\n");
        const a = annotate(text, "dotenv");
        expectWellFormed(text, a);
        for (const { e } of written) {
          const spans = spansAt(a, [e.key]);
          if (e.value === "" && e.style % 4 === 0) continue;
          expect(
            spans.map((s) => s.value),
            `${e.key} in\n${text}`,
          ).toEqual([e.value]);
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});
