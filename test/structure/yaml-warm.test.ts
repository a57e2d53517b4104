/**
 * The YAML warm-up must exercise the fast path, not the yaml library: each of its documents is read
 * by the fast path (a chart template by the template path) with the library's own spans, and a tree
 * with enough YAML files to warm up scans as each file alone does.
 */
import { describe, expect, it } from "vitest";
import { WARM_YAML_FILES } from "../../src/scan-file.js";
import { viaYamlLibrary } from "../../src/structure/yaml.js";
import { WARM_DOCUMENTS } from "../../src/structure/yaml-warm.js";
import { cli, tempTree } from "../cli-helpers.js";
import { fastYamlSpans, templatedYamlSpans } from "./yaml-spans.js";

describe("YAML warm-up", () => {
  it("reads every document on the fast path, with the spans the yaml library gives", () => {
    let templated = 0;
    for (const doc of WARM_DOCUMENTS) {
      const fast = fastYamlSpans(doc);
      if (fast) {
        expect(fast, doc.slice(0, 40)).toEqual(viaYamlLibrary(doc).spans);
        expect(fast.length).toBeGreaterThan(5);
        continue;
      }
      // A chart template: the template path reads it (the library cannot).
      expect(doc).toContain("{{");
      expect(templatedYamlSpans(doc)?.length, doc.slice(0, 40)).toBeGreaterThan(3);
      templated++;
    }
    expect(templated).toBe(1);
  });

  it("leaves a tree's findings as they are, with and without the warm-up", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < WARM_YAML_FILES + 5; i++)
      files[`deploy/app${i}.yaml`] =
        "env:\n  - name: GITHUB_TOKEN\n    value: {{fake:ghp_:alnum:36:crc32}}\n";
    const many = tempTree(files);
    const few = tempTree({ "deploy/app0.yaml": files["deploy/app0.yaml"]! });
    const run = (dir: string) =>
      JSON.parse(cli(["scan", dir, "--no-history", "--format", "json", "--fail-on", "none"]).stdout)
        .findings as { path: string; line: number; ruleId: string }[];
    const all = run(many);
    expect(all).toHaveLength(WARM_YAML_FILES + 5);
    const alone = run(few);
    const first = all.find((f) => f.path === "deploy/app0.yaml")!;
    expect([first.line, first.ruleId]).toEqual([alone[0]!.line, alone[0]!.ruleId]);
  });
});
