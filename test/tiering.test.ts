/** V8 tiering for a scan: the short-run budget, dropped to V8's own for a long tree scan only. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { LONG_TREE_MS, treeScanTiering, tuneV8 } from "../src/util/tiering.js";

const TUNED = Symbol.for("agent-secrets.tuned-v8");
const state = () => (globalThis as Record<symbol, unknown>)[TUNED];
const v8 = process.versions.v8.startsWith("11.");

afterEach(() => {
  vi.restoreAllMocks();
  delete (globalThis as Record<symbol, unknown>)[TUNED];
});

describe("tree-scan tiering", () => {
  it("leaves a process it did not tune alone (the library API's callers keep their flags)", () => {
    vi.spyOn(performance, "now").mockReturnValue(LONG_TREE_MS * 10);
    treeScanTiering();
    expect(state()).toBeUndefined();
    treeScanTiering(true);
    expect(state()).toBeUndefined();
  });

  it.runIf(v8)("keeps the short-run budget for a tree scan done early", () => {
    tuneV8();
    vi.spyOn(performance, "now").mockReturnValue(LONG_TREE_MS - 1);
    treeScanTiering();
    expect(state()).toBe("short");
  });

  it.runIf(v8)(
    "drops to V8's own budget once a tree scan has run long, and back when the tree is done",
    () => {
      tuneV8();
      const now = vi.spyOn(performance, "now").mockReturnValue(LONG_TREE_MS);
      treeScanTiering();
      expect(state()).toBe("long");
      now.mockReturnValue(LONG_TREE_MS * 3);
      treeScanTiering();
      expect(state()).toBe("long");
      treeScanTiering(true);
      expect(state()).toBe("short"); // the history that follows runs at the short-run budget
    },
  );
});
