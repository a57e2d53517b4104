import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "../../src/structure/index.js";
import { viaJsoncParser } from "../../src/structure/json.js";
import { firstAt, MAX_DEPTH } from "../../src/structure/util.js";
import { viaYamlLibrary, YAML_LIBRARY_MAX } from "../../src/structure/yaml.js";
import type { Annotation, StructFormat } from "../../src/types.js";
import { expectValue, expectWellFormed } from "./helpers.js";
import { fastYamlSpans } from "./yaml-spans.js";

const FORMATS: readonly StructFormat[] = ["json", "jsonc", "yaml", "toml", "dotenv", "ini", "notebook"];
/** Formats with no syntax errors: any text is read as far as it goes. */
const NO_ERRORS = new Set<StructFormat>(["dotenv", "ini"]);
const N = 100_000;

/** 100,000 levels of nesting, in each format's own syntax. */
const DEEP: Record<StructFormat, string[]> = {
  json: ["[".repeat(N), `${"[".repeat(N)}1${"]".repeat(N)}`, '{"a":'.repeat(N)],
  jsonc: ["[".repeat(N), `// c\n${'{"a":'.repeat(N)}`],
  notebook: ['{"cells":'.repeat(N)],
  yaml: ["[".repeat(N), "{a: ".repeat(N), `${"- ".repeat(N)}x`, `a: ${"[".repeat(N)}${"]".repeat(N)}`],
  toml: [`a = ${"[".repeat(N)}`, `a = ${"{ b = ".repeat(N)}1`, `[${"a.".repeat(N)}b]`],
  dotenv: ["[".repeat(N), `A=${"[".repeat(N)}`],
  ini: [
    "[".repeat(N),
    `a=${"[".repeat(N)}`,
    `[${"[".repeat(N)}]\nb=1`,
    `a${" ".repeat(N)}b`,
    `#${" ".repeat(N)}a`,
  ],
};

describe("robustness: deep nesting", () => {
  for (const format of FORMATS) {
    it(`${format}: 100,000 nested levels do not crash`, () => {
      for (const text of DEEP[format]) {
        const a = annotate(text, format);
        if (!NO_ERRORS.has(format)) expect(a.error, text.slice(0, 20)).toBeDefined();
        expectWellFormed(text, a);
      }
    });
  }

  it("annotates nesting up to the depth limit, and flags deeper values", () => {
    const ok = `${"[".repeat(MAX_DEPTH)}"deep"${"]".repeat(MAX_DEPTH)}`;
    const a = annotate(ok, "json");
    expect(a.error).toBeUndefined();
    expect(a.spans[0]?.path).toHaveLength(MAX_DEPTH);
    const tooDeep = `{"shallow": "s", "deep": ${"[".repeat(MAX_DEPTH + 5)}"x"${"]".repeat(MAX_DEPTH + 5)}}`;
    const b = annotate(tooDeep, "json");
    expect(b.error?.message).toMatch(/nesting/);
    expectValue(tooDeep, b, ["shallow"], "s");
  });
});

describe("robustness: empty, BOM, garbage", () => {
  for (const format of FORMATS) {
    it(`${format}: an empty or blank file has no spans and no error`, () => {
      for (const text of ["", "\n", "  \n\t\n"]) {
        const a = annotate(text, format);
        expect(a.spans).toEqual([]);
        expect(a.error).toBeUndefined();
        expect(a.format).toBe(format);
      }
    });
  }

  const BOMMED: Record<StructFormat, string> = {
    json: '\uFEFF{"token": "test-bom"}',
    jsonc: '\uFEFF// c\n{"token": "test-bom",}',
    notebook: '\uFEFF{"token": "test-bom"}',
    yaml: "\uFEFFtoken: test-bom\n",
    toml: '\uFEFFtoken = "test-bom"\n',
    dotenv: "\uFEFFtoken=test-bom\n",
    ini: "\uFEFFtoken = test-bom\n",
  };
  for (const format of FORMATS) {
    it(`${format}: a leading BOM is skipped and offsets still index the text`, () => {
      const text = BOMMED[format];
      const a = annotate(text, format);
      expect(a.error).toBeUndefined();
      expectValue(text, a, ["token"], "test-bom");
    });
  }

  for (const format of FORMATS) {
    it(`${format}: random bytes and structural noise never throw`, () => {
      const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => new TextDecoder("utf-8").decode(b));
      const latin1 = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1"));
      const noise = fc.string({
        unit: fc.constantFrom(
          "{",
          "}",
          "[",
          "]",
          '"',
          "'",
          ":",
          "=",
          ",",
          "\n",
          " ",
          "#",
          "-",
          "a",
          "1",
          "\\",
          "\uFEFF",
          "\r",
          "|",
          ">",
          "&",
          "*",
          ".",
        ),
        maxLength: 80,
      });
      fc.assert(
        fc.property(fc.oneof(bytes, latin1, noise, fc.string({ unit: "binary", maxLength: 80 })), (text) => {
          const a = annotate(text, format);
          expect(a.format).toBe(format);
          expectWellFormed(text, a);
        }),
        { numRuns: Number(process.env.RUNS ?? 300) },
      );
    });
  }
});

describe("robustness: large files", () => {
  // Tens of thousands of lines with no comment and no closing quote ahead: each line's search for
  // one must stop at the line's end. Unbounded, these files took minutes (the square of their size).
  it("annotates a 4 MB block YAML file and a 1 MB JSONC file with a comment on every line", () => {
    let yaml = "items:\n";
    for (let i = 0; i < 40_000; i++) yaml += `  - name: item-${i}\n    value: "v${i}"\n    list: [a, "b"]\n`;
    const y = annotate(yaml, "yaml");
    expect(y.error).toBeUndefined();
    expect(y.spans).toHaveLength(160_000);
    expect(y.spans.at(-1)).toMatchObject({ path: ["items", 39_999, "list", 1], value: "b" });
    let jsonc = "{\n";
    for (let i = 0; i < 25_000; i++) jsonc += `  // note ${i}\n  "k${i}": "v${i}",\n`;
    const j = annotate(`${jsonc}  "end": 1\n}`, "jsonc");
    expect(j.error).toBeUndefined();
    expect(j.spans).toHaveLength(25_001);
  });

  it("finds what indexOf finds before the bound, and nothing else", () => {
    /** firstAt on random texts, needles and bounds, against indexOf cut at the bound. */
    const agrees = (
      text: fc.Arbitrary<string>,
      needles: string[],
      maxIndex: number,
      params: { numRuns: number; seed: number },
    ) =>
      fc.assert(
        fc.property(
          text,
          fc.constantFrom(...needles),
          fc.nat(maxIndex),
          fc.nat(maxIndex),
          (t, needle, a, b) => {
            const i = t.indexOf(needle, a);
            expect(firstAt(t, needle, a, b)).toBe(i !== -1 && i < b ? i : -1);
          },
        ),
        params,
      );
    const text = fc.string({ unit: fc.constantFrom("a", " ", "#", ":", "\n", "\r", '"'), maxLength: 40 });
    agrees(text, [" #", ":", ": ", "\r", '"'], 45, { numRuns: 3000, seed: 3 });
    // Long ranges, searched in growing windows: a needle across a window's edge is still found.
    const long = fc.string({ unit: fc.constantFrom("a", "a", "a", " ", "#", ":"), maxLength: 3000 });
    agrees(long, [" #", ":", ": ", "a#"], 3100, { numRuns: 1500, seed: 5 });
  });

  it("stops with an error, not gigabytes, when values times their depth pass the budget", () => {
    // 250 levels deep, 33,000 values: 8.25 million path segments, over MAX_PATH_SEGMENTS.
    const list = `${"[".repeat(249)}[${"1,".repeat(33_000)}1]${"]".repeat(249)}`;
    const cases: [string, () => Annotation][] = [
      ["json (fast path)", () => annotate(list, "json")],
      ["json (jsonc-parser)", () => viaJsoncParser(list, "json")],
      ["yaml (library)", () => viaYamlLibrary(`a: ${list}\n`)],
      ["toml", () => annotate(`a = ${list}\n`, "toml")],
    ];
    for (const [name, run] of cases) {
      const a = run();
      expect(a.error?.message, name).toContain("too many values this deep");
      expect(a.spans.length, name).toBeLessThan(33_001);
    }
    // The same values less deep are annotated as usual.
    const shallow = `${"[".repeat(9)}[${"1,".repeat(33_000)}1]${"]".repeat(9)}`;
    expect(annotate(shallow, "json")).toMatchObject({ spans: { length: 33_001 } });
    expect(annotate(shallow, "json").error).toBeUndefined();
  });

  it("leaves YAML the fast path declines to the full parser up to 512 KiB, and scans larger as text", () => {
    // A tag with a handle makes the fast path decline; the full parser builds a whole tree (a 4 MB
    // one-line `a: a: …` took 9 s and 935 MB), so past YAML_LIBRARY_MAX the file is scanned as text.
    const doc = (n: number) =>
      `base: !!str {x: 1}\nlist: [${Array.from({ length: n }, (_, i) => `i${i}`).join(", ")}]\n`;
    const small = annotate(doc(1000), "yaml");
    expect(small.error).toBeUndefined();
    expect(small.spans).toHaveLength(1001);
    const big = doc(200_000);
    expect(big.length).toBeGreaterThan(YAML_LIBRARY_MAX);
    const a = annotate(big, "yaml");
    expect(a.spans).toEqual([]);
    expect(a.error?.message).toContain("too large for the full parser");
    // Plain block YAML of any size stays with the fast path.
    const plain = annotate(`list:\n${"  - item\n".repeat(150_000)}`, "yaml");
    expect(plain.error).toBeUndefined();
    expect(plain.spans).toHaveLength(150_000);
  });

  it("gives the line of the full parser's first error, even on a long line of many errors", () => {
    const a = viaYamlLibrary(`ok: 1\nfine: [a, b]\n${"a: ".repeat(20_000)}\n`);
    expect(a.error?.line).toBe(3);
    // Many documents, each with an error: the first one's line, the values of the others kept.
    const docs = viaYamlLibrary(`&x a: 1\nb: 2\n---\n${"c: d: e\nf: g\n---\n".repeat(2000)}`);
    expect(docs.error?.line).toBe(4);
    expect(docs.spans.filter((s) => s.value === "g")).toHaveLength(2000);
  });

  it("annotates one-line flow collections of 100,000 items, with the library's spans", () => {
    // Each item's search for a comment or a closing quote must stop at the item's end: through the
    // rest of the line, a 1 MB line took 40 s.
    const items = Array.from({ length: 100_000 }, (_, i) => (i % 3 ? `item${i}` : `"q${i}"`));
    for (const text of [
      `list: [${items.join(", ")}]\n`,
      `map: {${items.map((v, i) => `k${i}: ${v}`).join(", ")}}\n`,
    ]) {
      const fast = fastYamlSpans(text);
      expect(fast).toHaveLength(100_000);
      expect(fast?.at(-1)).toMatchObject({ value: "q99999" });
      expect(fast).toEqual(viaYamlLibrary(text).spans);
    }
  });
});
