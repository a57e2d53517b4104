/** Lazy glob sets answer exactly as picomatch does, while skipping globs whose fixed text is absent. */
import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { loadRuleset } from "../src/rules/load.js";
import { NAMED } from "../src/sources/classify.js";
import { loadClients } from "../src/sources/clients.js";
import { expandBraces, GlobIndex, globSet, lazyGlob, needleOf, needlesOf } from "../src/util/globs.js";

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
  "home/.ssh/id_ed25519",
  "x/id_rsa.pub",
  "docker/Containerfile",
  "charts/app/templates/deploy.yaml",
  "helm/values.prod.yml",
  "docs/task.prompt.md",
  "a/.kube/config",
  "ci/.circleci/config.yml",
  "{x,y}",
  "d/{x,y}",
  "a.env",
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

  it("expands brace lists into one needle per alternative", () => {
    expect(expandBraces("**/*.{pem,key}")).toEqual(["**/*.pem", "**/*.key"]);
    expect(expandBraces("**/{Dockerfile,Containerfile}{,.*}")).toEqual([
      "**/Dockerfile",
      "**/Dockerfile.*",
      "**/Containerfile",
      "**/Containerfile.*",
    ]);
    expect(expandBraces("a/{b,{c,d}}/e")).toEqual(["a/b/e", "a/c/e", "a/d/e"]);
    expect(expandBraces("**/{x}")).toBeUndefined(); // no list: picomatch's call
    expect(expandBraces("**/\\{a,b}")).toBeUndefined();
    expect(expandBraces("**/[{]a,b}")).toBeUndefined();
    expect(expandBraces("**/@(x|{a,b})")).toBeUndefined();
    expect(needlesOf("**/{id_rsa,id_dsa}")).toEqual(["id_rsa", "id_dsa"]);
    expect(needlesOf("**/*.{pem,key}")).toEqual([".pem", ".key"]);
    expect(needlesOf("**/{a,*}.txt")).toEqual(["a.txt", ".txt"]);
    expect(needlesOf("**/{a,*}")).toEqual([]); // one alternative has no fixed text
    expect(needlesOf("!**/{a,b}.env")).toEqual([]);
  });

  it("matches exactly what picomatch matches, for every built-in glob", () => {
    const globs = [
      ...loadRuleset([]).ruleset.global.pathExcludes,
      ...loadClients().flatMap((c) => c.files.map((f) => f.path)),
      ...NAMED.map(([glob]) => glob),
      "**/.env.{example,sample}",
      "!**/keep.env",
      "src/**/*.ts",
      "**/(weird)/**",
      "**/[{]x,y}",
      "**/{a,b}[.]env",
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
    // The automaton index never rules out a glob that matches (with or without a leading slash).
    const index = new GlobIndex(globs);
    for (const p of PATHS) {
      const marks = [...index.candidates(p)];
      for (const [g, glob] of globs.entries()) {
        const ref = picomatch(glob, { dot: true });
        if (ref(p) || ref(`/${p}`)) expect([glob, p, marks[g]]).toEqual([glob, p, 1]);
      }
    }
    expect([...index.candidates("src/index.ts")].filter((m) => m === 1).length).toBeLessThan(
      globs.length / 4,
    );
  });

  it("answers globs on the last segment as picomatch does, for any path", () => {
    const globs = ["**/yarn.lock", "**/*.js.map", "**/*.css.map", "**/go.sum"];
    const seg = fc.constantFrom(
      "a",
      ".",
      "..",
      "",
      ".a",
      "...",
      "x.js.map",
      ".js.map",
      "yarn.lock",
      "a\\b",
      "go.sum.x",
    );
    fc.assert(
      fc.property(
        fc.array(seg, { minLength: 1, maxLength: 6 }),
        fc.nat(2),
        fc.boolean(),
        (segs, slashes, lead) => {
          const path = `${lead ? "/" : ""}${segs.join("/")}${"/".repeat(slashes)}`;
          for (const glob of globs)
            expect([glob, path, globSet([glob])(path)]).toEqual([
              glob,
              path,
              picomatch(glob, { dot: true })(path),
            ]);
          expect(globSet(globs)(path)).toBe(picomatch(globs, { dot: true })(path));
        },
      ),
      { numRuns: 5000, seed: 3 },
    );
  });
});
