/** The bench's growth inputs (bench/growth.js): each holds a token an item, the same for a seed. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript module of the bench, without types
import { GROWTH_SHAPES, genGrowthInput } from "../bench/growth.js";
import { scanFragment } from "../src/pipeline.js";
import { Classifier } from "../src/sources/classify.js";
import { loadClients } from "../src/sources/clients.js";
import { annotate } from "../src/structure/index.js";
import { builtinEngine } from "./helpers.js";

type Shape = [string, string, string, (n: number, token: () => string) => string];
const shapes = GROWTH_SHAPES as Shape[];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A deterministic source of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) / 16777216;
  };
}

function made(shape: Shape, n: number, seed = 1): string {
  const dir = mkdtempSync(join(tmpdir(), "growth-"));
  dirs.push(dir);
  return readFileSync(genGrowthInput(dir, shape, n, seeded(seed)), "utf8");
}

describe("growth inputs", () => {
  it.each(shapes.map((s) => [s[0], s] as const))(
    "%s: the same text for a seed, four times the size for four times the items",
    (_name, shape) => {
      const small = made(shape, 200);
      expect(made(shape, 200)).toBe(small);
      const large = made(shape, 800);
      expect(large.length / small.length).toBeGreaterThan(3.6);
      expect(large.length / small.length).toBeLessThan(4.4);
    },
  );

  it.each(shapes.map((s) => [s[0], s] as const))(
    "%s: every item's token is found where it is written",
    (_name, shape) => {
      const text = made(shape, 300);
      const engine = builtinEngine();
      const context = new Classifier(loadClients()).classify(shape[1], text.slice(0, 4096));
      const r = scanFragment(
        {
          text,
          origin: { kind: "file", path: shape[1], exposure: "tracked" },
          firstLine: 1,
          context,
          ...(context.format ? { keys: annotate(text, context.format) } : {}),
        },
        engine,
        { rules: engine.byId, clients: new Map(), pathPrefix: "", root: "." },
      );
      expect(r.findings.length).toBeGreaterThanOrEqual(295); // a random token may read as words
      expect(r.findings.length).toBeLessThanOrEqual(300);
      const lines = text.split("\n");
      for (const f of r.findings)
        expect(lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1)).toBe(f.secret);
    },
  );
});
