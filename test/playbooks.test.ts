/** Every rule points to a playbook, and every playbook is complete enough to act on. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, loadRuleset } from "../src/rules/load.js";
import { loadPlaybooks } from "../src/rules/playbooks.js";

const { playbooks, problems } = loadPlaybooks();
const files = readdirSync(join(BUILTIN_RULES_DIR, "playbooks")).filter((f) => f.endsWith(".yaml"));

describe("playbooks", () => {
  it("load without problems and cover at least 40 credential types", () => {
    expect(problems).toEqual([]);
    expect(playbooks.size).toBe(files.length);
    expect(playbooks.size).toBeGreaterThanOrEqual(40);
  });

  it("are referenced by every rule", () => {
    const missing = loadRuleset()
      .ruleset.rules.filter((r) => !playbooks.has(r.playbook))
      .map((r) => `${r.id} → ${r.playbook}`);
    expect(missing).toEqual([]);
  });

  for (const file of files) {
    const id = file.replace(/\.yaml$/, "");
    it(`${id} is complete`, () => {
      const p = playbooks.get(id)!;
      expect(p, "id must equal the file name").toBeDefined();
      expect(p.name.length).toBeGreaterThan(2);
      expect(["full", "partial", "none"]).toContain(p.federation);
      expect(p.revoke.how.length).toBeGreaterThan(10);
      const def = p.contexts.default;
      expect(def?.mechanism.length).toBeGreaterThan(5);
      for (const [ctx, c] of Object.entries(p.contexts)) {
        expect(
          [
            "default",
            "github-actions",
            "gitlab-ci",
            "ci-other",
            "kubernetes",
            "terraform",
            "docker",
            "mcp-config",
            "agent-instructions",
            "notebook",
            "home",
            "application",
          ],
          `unknown context ${ctx}`,
        ).toContain(ctx);
        expect(c.mechanism, ctx).toBeTruthy();
      }
      if (p.federation !== "full") expect(p.interim?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(p.policy?.length ?? 0).toBeGreaterThan(10);
      expect(p.audit?.length ?? 0).toBeGreaterThan(10);
      expect(Object.keys(p.frameworks ?? {})).toEqual(expect.arrayContaining(["cwe"]));
      expect(p.references.length).toBeGreaterThanOrEqual(2);
      for (const r of p.references) {
        expect(r.url).toMatch(/^https:\/\//);
        expect(r.verified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    });
  }
});
