/** The design's import boundaries (DESIGN §3, §4), checked on the sources. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(__dirname, "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
}

const all = files(SRC).map((f) => ({ rel: relative(SRC, f), imports: imports(f) }));

describe("import boundaries", () => {
  it("only cli.ts touches process exit codes and stdout", () => {
    for (const f of all) {
      if (f.rel === "cli.ts") continue;
      const text = readFileSync(join(SRC, f.rel), "utf8");
      expect(text, f.rel).not.toMatch(/process\.(exit|stdout|stderr)\b|console\.(log|error|warn)/);
    }
  });

  it("detect, findings and report depend only on types, util and each other's pure parts", () => {
    const pureDirs = ["detect/", "findings/", "report/", "plan/"];
    const forbidden =
      /(?:^|\/)(?:sources|cli|scan|commands)(?:\/|\.js$)|node:fs|node:child_process|simple-git|fast-glob/;
    for (const f of all.filter((x) => pureDirs.some((d) => x.rel.startsWith(d)))) {
      for (const imp of f.imports) {
        if (imp.startsWith("../sources/clients.js") && f.rel.startsWith("findings/")) continue; // type-only
        expect(`${f.rel} → ${imp}`).not.toMatch(forbidden);
      }
    }
  });

  it("chalk is used only by the text reporter and files stay small", () => {
    for (const f of all) {
      if (f.imports.includes("chalk")) expect(f.rel).toBe("report/text.ts");
      const lines = readFileSync(join(SRC, f.rel), "utf8").split("\n").length;
      expect(lines, f.rel).toBeLessThan(400);
    }
  });

  it("no array is spread into push(): a scan's findings can outnumber what a call takes as arguments", () => {
    for (const f of all) {
      const text = readFileSync(join(SRC, f.rel), "utf8").replace(/^\s*(?:\/\/|\*).*$/gm, "");
      expect(text, f.rel).not.toMatch(/\.push\(\s*\.\.\./);
    }
  });
});
