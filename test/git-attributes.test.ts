/** The `-diff` marks a history scan gives git: what they say, and when the shipped file is used. */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { devNull } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { loadRuleset } from "../src/rules/load.js";
import { attributesFile, diffOff } from "../src/sources/git-attributes.js";
import { commitAll, initRepo, tempDir, tempTree } from "./cli-helpers.js";

const SHIPPED = new URL("../dist/git-attributes", import.meta.url);

describe("git attributes of a history scan", () => {
  it("marks the `**/name` excludes it can say in gitattributes terms, once each", () => {
    expect(
      diffOff([
        "**/package-lock.json",
        "**/*.js.map",
        "**/package-lock.json",
        "vendor/**",
        "**/a b.txt",
        "**/x?.lock",
        "**/{a,b}.lock",
        "**/dir/*.lock",
        "*.svg",
      ]),
    ).toBe("package-lock.json -diff\n*.js.map -diff\n");
    expect(diffOff([])).toBe("");
  });

  it("uses the shipped file only when it says what the rule set's excludes ask for", () => {
    const excludes = loadRuleset([]).ruleset.global.pathExcludes;
    expect(excludes).toContain("**/package-lock.json");
    expect(attributesFile(excludes, SHIPPED)).toBe(join(__dirname, "../dist/git-attributes"));
    // A custom rule set (one more exclude, or one fewer): nothing is marked.
    expect(attributesFile([...excludes, "**/extra.lock"], SHIPPED)).toBe(devNull);
    expect(attributesFile(excludes.slice(1), SHIPPED)).toBe(devNull);
    expect(attributesFile(["vendor/**"], SHIPPED)).toBe(devNull);
    // No shipped file (a build without it).
    const missing = pathToFileURL(join(tempDir(), "git-attributes"));
    expect(attributesFile(excludes, missing)).toBe(devNull);
    writeFileSync(missing, diffOff(excludes));
    expect(attributesFile(excludes, missing)).toBe(fileURLToPath(missing));
  });

  it("has git print an excluded lockfile as binary, and every other file as lines", async () => {
    // The built command, which finds the shipped file beside dist/.
    const { historyCommand } = await import("../dist/sources/history-command.js");
    const dir = tempTree({ "README.md": "# x\n" });
    initRepo(dir);
    writeFileSync(join(dir, "package-lock.json"), '{\n  "lockfileVersion": 3\n}\n');
    writeFileSync(join(dir, "sub.svg.txt"), "<svg/>\n");
    writeFileSync(join(dir, ".gitattributes"), "*.txt -diff\n");
    commitAll(dir, "add");
    const excludes = loadRuleset([]).ruleset.global.pathExcludes;
    const cmd = historyCommand({ kind: "all" }, { gitDir: join(dir, ".git"), prefix: "", excludes });
    const out = execFileSync("git", cmd.args, { cwd: cmd.cwd, env: cmd.env, encoding: "utf8" });
    expect(out).toContain("Binary files /dev/null and b/package-lock.json differ");
    expect(out).not.toContain("lockfileVersion");
    // The repository's own `*.txt -diff` is not read.
    expect(out).toContain("+<svg/>");
  });
});
