import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandFakes } from "../src/rules/examples.js";
import { cli, tempTree } from "./cli-helpers.js";

describe("baseline and ignore file", () => {
  it("round trip: baseline, move lines, add one secret → exactly one finding", () => {
    const dir = tempTree({
      ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\nXAI_API_KEY={{fake:xai-:alnum:80}}\n",
      "app.py": 'TOKEN = "{{fake:ghp_:alnum:36:crc32}}"\n',
    });
    const base = join(dir, ".agent-secrets-baseline.json");
    const b = cli(["baseline", dir, "--no-history", "-o", base]);
    expect(b.code).toBe(0);
    const text = readFileSync(base, "utf8");
    expect(JSON.parse(text).findings).toHaveLength(3);
    // Written in pieces, the file is still JSON.stringify's two-space text with a final line break.
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    for (const line of readFileSync(join(dir, ".env"), "utf8").split("\n").filter(Boolean)) {
      expect(text.includes(line.split("=")[1]!)).toBe(false);
    }
    expect(cli(["scan", dir, "--no-history", "--baseline", base]).code).toBe(0);
    const env = readFileSync(join(dir, ".env"), "utf8").split("\n").filter(Boolean);
    const fresh = expandFakes("{{fake:pplx-:alnum:48}}", "new");
    writeFileSync(
      join(dir, ".env"),
      `\n# reordered\n${env.reverse().join("\n")}\nPERPLEXITY_API_KEY=${fresh}\n`,
    );
    writeFileSync(join(dir, "app.py"), `import os\n\n\n${readFileSync(join(dir, "app.py"), "utf8")}`);
    const r = cli(["scan", dir, "--no-history", "--baseline", base, "-f", "json", "--show-secrets"]);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings.map((f: { secret: string }) => f.secret)).toEqual([fresh]);
  });

  it("honours .agent-secrets-ignore entries, requires reasons and reports unused ones", () => {
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const rep = JSON.parse(cli(["scan", dir, "--no-history", "-f", "json"]).stdout);
    const id = rep.findings[0].secretId;
    writeFileSync(
      join(dir, ".agent-secrets-ignore"),
      `# test key, revoked 2026-11-01\n${id} revoked test key\n${"a".repeat(24)} stale entry\n`,
    );
    const r = cli(["scan", dir, "--no-history"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/unused-ignore .*\.agent-secrets-ignore:3/);
    writeFileSync(join(dir, ".agent-secrets-ignore"), `${id}\n`);
    const bad = cli(["scan", dir, "--no-history"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.agent-secrets-ignore:1: an ignore entry needs a reason/);
  });

  it("rejects a file that is not a baseline with exit 2", () => {
    const dir = tempTree({ "x.json": '{"hello": 1}' });
    const r = cli(["scan", dir, "--baseline", join(dir, "x.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not an agent-secrets baseline");
  });
});
