/** The build-time rules cache: answered only for unchanged files, and fresh after every build. */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES_DIR, contentHash, readYaml } from "../src/rules/load.js";
import type { Problem } from "../src/rules/schema.js";

const ROOT = resolve(__dirname, "..");

describe("contentHash", () => {
  const text = Buffer.from("provider: demo\nrules:\n  - id: demo-token\n    pattern: 'demo_[a-z0-9]{32}'\n");

  it("is the same for the same bytes wherever they sit in memory", () => {
    const shifted = Buffer.alloc(text.length + 3);
    text.copy(shifted, 3);
    expect(contentHash(shifted.subarray(3))).toBe(contentHash(text));
  });

  it("changes with any one byte, in a full word or in the tail, and with the length", () => {
    const base = contentHash(text);
    expect(text.length % 4).not.toBe(0); // the tail case is real
    for (let i = 0; i < text.length; i++) {
      const edited = Buffer.from(text);
      edited[i] = edited[i]! ^ 1;
      expect(contentHash(edited), `byte ${i}`).not.toBe(base);
    }
    expect(contentHash(Buffer.concat([text, Buffer.from([0])]))).not.toBe(base);
    expect(contentHash(text.subarray(0, text.length - 1))).not.toBe(base);
  });
});

describe("the shipped rules cache", () => {
  const cache = JSON.parse(readFileSync(join(ROOT, "dist/rules-cache.json"), "utf8")) as {
    files: Record<string, { hash: number }>;
  };

  it("holds every built-in provider file with the hash start-up computes, so none is parsed again", () => {
    const providers = readdirSync(join(ROOT, "rules/providers")).filter((f) => f.endsWith(".yaml"));
    expect(providers.length).toBeGreaterThan(100);
    for (const f of providers) {
      const key = `rules/providers/${f}`;
      expect(cache.files[key]?.hash, key).toBe(contentHash(readFileSync(join(ROOT, key))));
    }
  });

  it("answers start-up for every built-in rule, playbook and client file, never the YAML parser", () => {
    const files = ["global.yaml", "clients.yaml"];
    for (const sub of ["providers", "playbooks"])
      for (const f of readdirSync(join(BUILTIN_RULES_DIR, sub)))
        if (f.endsWith(".yaml")) files.push(`${sub}/${f}`);
    expect(files.length).toBeGreaterThan(150);
    for (const f of files) {
      const problems: Problem[] = [];
      expect(readYaml(join(BUILTIN_RULES_DIR, f), `rules/${f}`, problems)?.cached, f).toBe(true);
      expect(problems).toEqual([]);
    }
  });
});
