import { describe, expect, it } from "vitest";
import { runRulesCheck } from "../src/commands/rules.js";

describe("rules check on the built-in rules", () => {
  it("reports no errors (examples, negatives, schema and backtracking analysis)", () => {
    const res = runRulesCheck([], false);
    const errors = res.output.split("\n").filter((l) => l.startsWith("error"));
    expect(errors).toEqual([]);
    expect(res.ok).toBe(true);
  }, 180_000);
});
