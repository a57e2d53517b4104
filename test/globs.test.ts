/** Lazy glob sets answer exactly as picomatch does, while skipping globs whose fixed text is absent. */
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { loadRuleset } from "../src/rules/load.js";
import { loadClients } from "../src/sources/clients.js";
import { globSet, lazyGlob, needleOf } from "../src/util/globs.js";

const PATHS = [
  ".env",
  "app/.env.local",
  "app/.env.example",
  "prod.env",
  ".cursor/mcp.json",
  "a/b/.cursor/rules/x.mdc",
  ".vscode/mcp.json",
  "AGENTS.md",
  "docs/CLAUDE.local.md",
  "src/index.ts",
  "package-lock.json",
  "web/yarn.lock",
  "node_modules/x/index.js",
  "keys/id_rsa",
  "certs/server.pem",
  ".github/workflows/ci.yml",
  ".github/workflows/nested/ci.yml",
  "deploy/k8s/app/values.yaml",
  "infra/main.tf",
  "Dockerfile",
  "docker/Dockerfile.prod",
  "dist/app.js.map",
  "(weird)/[name]/{x}.json",
  "keep.env",
  "a/keep.env",
  "src/a/b.ts",
];

describe("glob sets", () => {
  it("finds the fixed text a matching path must contain", () => {
    expect(needleOf("**/.env")).toBe(".env");
    expect(needleOf("**/{AGENTS,CLAUDE}.md")).toBe(".md");
    expect(needleOf("**/.cursor/rules/**")).toBe(".cursor/rules/");
    expect(needleOf("**/*.{pem,key}")).toBe(".");
    expect(needleOf("!**/keep.env")).toBe("");
    expect(needleOf("**")).toBe("");
  });

  it("matches exactly what picomatch matches, for every built-in glob", () => {
    const globs = [
      ...loadRuleset([]).ruleset.global.pathExcludes,
      ...loadClients().flatMap((c) => c.files.map((f) => f.path)),
      "**/.env.{example,sample}",
      "!**/keep.env",
      "src/**/*.ts",
      "**/(weird)/**",
    ];
    expect(globs.length).toBeGreaterThan(30);
    for (const glob of globs) {
      const ref = picomatch(glob, { dot: true });
      const ours = lazyGlob(glob);
      for (const p of PATHS) expect([glob, p, ours.test(p)]).toEqual([glob, p, ref(p)]);
    }
    const set = globSet(globs);
    const refSet = picomatch(globs, { dot: true });
    for (const p of PATHS) expect(set(p)).toBe(refSet(p));
  });
});
