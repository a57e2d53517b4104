import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "../../src/structure/index.js";
import { expectLeaves, expectValue, expectWellFormed, trickyString } from "./helpers.js";

const NOTEBOOK = {
  cells: [
    { cell_type: "markdown", metadata: {}, source: ["# Setup\n", "Configure the client."] },
    {
      cell_type: "code",
      execution_count: 1,
      metadata: {},
      source: ["import os\n", "\n", 'os.environ["OPENAI_API_KEY"] = "sk-test-notebook"\n'],
      outputs: [{ name: "stdout", output_type: "stream", text: ["token=test-output-token\n"] }],
    },
  ],
  metadata: { kernelspec: { name: "python3", display_name: "Python 3" } },
  nbformat: 4,
  nbformat_minor: 5,
};

describe("notebook", () => {
  const text = JSON.stringify(NOTEBOOK, null, 1);
  const a = annotate(text, "notebook");

  it("is annotated as JSON and reported as a notebook", () => {
    expect(a.format).toBe("notebook");
    expect(a.error).toBeUndefined();
    expectWellFormed(text, a);
  });

  it("gives cell source lines and output text lines their JSON paths", () => {
    const s = expectValue(
      text,
      a,
      ["cells", 1, "source", 2],
      'os.environ["OPENAI_API_KEY"] = "sk-test-notebook"\n',
      false,
    );
    expect(text.slice(s.start, s.end)).toBe('os.environ[\\"OPENAI_API_KEY\\"] = \\"sk-test-notebook\\"\\n');
    expectValue(text, a, ["cells", 1, "outputs", 0, "text", 0], "token=test-output-token\n", false);
    expectValue(text, a, ["cells", 0, "source", 1], "Configure the client.");
    expectValue(text, a, ["nbformat"], "4");
  });

  it("reports a broken notebook without throwing", () => {
    const broken = text.slice(0, text.length / 2);
    const b = annotate(broken, "notebook");
    expect(b.error?.line).toBeGreaterThan(1);
    expectValue(broken, b, ["cells", 0, "cell_type"], "markdown");
  });
});

describe("notebook: property", () => {
  it("finds every source line of random notebooks", () => {
    const cell = fc.record({
      cell_type: fc.constantFrom("code", "markdown", "raw"),
      metadata: fc.constant({}),
      source: fc.array(trickyString, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 4 }), fc.constantFrom(0, 1, 2), (cells, indent) => {
        const nb = { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
        const text = JSON.stringify(nb, null, indent);
        const a = annotate(text, "notebook");
        expect(a.error).toBeUndefined();
        expectWellFormed(text, a);
        expectLeaves(text, a, nb);
      }),
      { numRuns: Number(process.env.RUNS ?? 200) },
    );
  });
});
