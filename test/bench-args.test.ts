/** `npm run bench` checks its arguments before it generates or times anything. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bench = fileURLToPath(new URL("../bench/run.js", import.meta.url));

describe("bench arguments", () => {
  it("stops at once, with exit 2 and the folder's name, when a repository argument is no folder", () => {
    const r = spawnSync(process.execPath, [bench, "--repos-only", "/nonexistent/agent-secrets-repo"], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("/nonexistent/agent-secrets-repo: no such folder");
    expect(r.stdout).toBe("");
  });

  it("asks for a repository when --repos-only has none", () => {
    const r = spawnSync(process.execPath, [bench, "--repos-only"], { encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--repos-only needs at least one repository");
  });
});
