/** append(): what a scan uses to gather findings, diagnostics and key/value pairs, at any count. */
import { describe, expect, it } from "vitest";
import { append } from "../src/util/arrays.js";

describe("append", () => {
  it("adds a million items in order, where a spread into push() overflows the stack", () => {
    const items = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError);
    const into = [-2, -1];
    append(into, items);
    expect(into.length).toBe(1_000_002);
    expect(into[0]).toBe(-2);
    expect(into[2]).toBe(0);
    expect(into[1_000_001]).toBe(999_999);
  });

  it("leaves the target as it was for no items", () => {
    const into = ["a"];
    append(into, []);
    expect(into).toEqual(["a"]);
  });
});
