/** Every client in rules/clients.yaml has a fixture whose findings carry the right client and server. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { Classifier, keyLine } from "../src/sources/classify.js";
import { loadClients } from "../src/sources/clients.js";
import { cli, tempTree } from "./cli-helpers.js";
import { seededBelow } from "./helpers.js";

const clients = loadClients();
const CORPUS = join(__dirname, "../fixtures/eval/corpus");

/** Fixtures for clients the eval corpus does not cover. */
const EXTRA: Record<string, Record<string, string>> = {
  copilot: {
    ".github/mcp.json":
      '{"mcpServers":{"sentry":{"type":"http","url":"https://mcp.sentry.dev/mcp","headers":{"Authorization":"Bearer {{fake:sntryu_:hex:64}}"}}}}',
  },
  junie: {
    ".junie/mcp/mcp.json":
      '{"mcpServers":{"linear":{"command":"npx","env":{"LINEAR_API_KEY":"{{fake:lin_api_:alnum:40}}"}}}}',
  },
  crush: {
    "crush.json":
      '{"mcp":{"groq":{"type":"stdio","command":"groq-mcp","env":{"GROQ_API_KEY":"{{fake:gsk_:alnum:52}}"}}}}',
  },
  mcpb: {
    "manifest.json":
      '{"name":"weather","server":{"type":"node","mcp_config":{"command":"node","env":{"TAVILY_API_KEY":"{{fake:tvly-:alnum:32}}"}}}}',
  },
};

describe("client fixtures", () => {
  it("the eval corpus holds a file of every other client", async () => {
    const classifier = new Classifier(clients);
    const covered = new Set<string>();
    for (const f of await fg("**", { cwd: CORPUS, dot: true })) {
      const path = f.replace(/(^|\/)_env/, "$1.env");
      const ctx = classifier.classify(path, readFileSync(join(CORPUS, f), "utf8").slice(0, 4096));
      if (ctx.client) covered.add(ctx.client);
    }
    const missing = clients.map((c) => c.id).filter((id) => !covered.has(id) && !EXTRA[id]);
    expect(missing).toEqual([]);
  });

  for (const [client, files] of Object.entries(EXTRA)) {
    it(`${client}: findings carry client and server`, () => {
      const dir = tempTree(files, client);
      const rep = JSON.parse(cli(["scan", dir, "--no-history", "-f", "json"]).stdout);
      expect(rep.findings).toHaveLength(1);
      expect(rep.findings[0].client).toBe(client);
      expect(rep.findings[0].server ?? "").not.toBe("");
    });
  }
});

describe("Classifier", () => {
  it("takes code outside dot-folders as code at once, and code in a dot-folder through the globs", () => {
    const classifier = new Classifier(clients);
    expect(classifier.classify("src/app.ts").fileKind).toBe("code");
    expect(classifier.classify("lib/x.v1/a.py").fileKind).toBe("code");
    // A segment starting with `.`, first or later, is a dot-folder: its files go through the globs.
    expect(classifier.classify(".claude/commands/deploy.py").fileKind).toBe("agent-instructions");
    expect(classifier.classify("tools/.claude/agents/a.js").fileKind).toBe("agent-instructions");
    expect(classifier.classify(".github/actions/x/index.js").fileKind).toBe("code");
  });

  it("takes an API's documented examples as documentation, in their format", () => {
    const classifier = new Classifier(clients);
    for (const path of [
      "apis/iam-2010-05-08.examples.json",
      "data/iam/2010-05-08/examples-1.json",
      "examples.yaml",
    ]) {
      const ctx = classifier.classify(path);
      const plain = classifier.classify(`plain.${path.split(".").pop()}`);
      expect(plain.fileKind).toBe("config");
      expect([ctx.fileKind, ctx.format], path).toEqual(["docs", plain.format]);
    }
    expect(classifier.classify("config.example.json").fileKind).toBe("config");
    expect(classifier.classify("my-examples-tool.json").fileKind).toBe("config");
  });

  it("takes Python stubs and Cython, C++ headers and templates, CUDA, Vim script, Lisp and Tcl modules as code", () => {
    const classifier = new Classifier(clients);
    for (const path of [
      "typeshed/stdlib/os.pyi",
      "pkg/_speedups.pyx",
      "pkg/_speedups.pxd",
      "inc/a.hh",
      "inc/b.hxx",
      "bits/regex.tcc",
      "k.cuh",
      "autoload/netrw.vim",
      "lisp/init.el",
      "src/a.lisp",
      "tcl8/http-2.9.8.tm",
    ]) {
      expect(classifier.classify(path).fileKind, path).toBe("code");
    }
  });
  it("takes a YAML file with apiVersion and kind lines as a Kubernetes manifest, wherever it lies", () => {
    const classifier = new Classifier(clients);
    const manifest = "# generated\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    expect(classifier.classify("ops/web.yaml", manifest)).toEqual({ fileKind: "kubernetes", format: "yaml" });
    // A key inside a word or after another word on its line, or with no value, is no manifest's.
    for (const head of [
      "x_apiVersion: v1\nkind: Pod\n",
      "apiVersion: v1\n# kind: Pod\n",
      "kind: Pod\napiVersion:   \n\t\n",
      "apiVersion: v1\nmykind: Pod\n",
    ]) {
      expect(classifier.classify("ops/web.yaml", head), head).toEqual({ fileKind: "config", format: "yaml" });
    }
  });

  it("answers keyLine as the multiline regex /^\\s*key\\s*\\S/m does, on generated heads", () => {
    // Pieces that move each boundary: blanks of every kind, line ends of every kind, words, the key.
    const pieces = [
      "kind:",
      "kind:",
      "k",
      "ind:",
      " ",
      "\t",
      "\n",
      "\r",
      "\u2028",
      "\u00a0",
      "\ufeff",
      "x",
      "-",
      ":",
    ];
    const next = seededBelow(7);
    let matched = 0;
    for (let n = 0; n < 20_000; n++) {
      let head = "";
      for (let k = next(9); k >= 0; k--) head += pieces[next(pieces.length)];
      const expected = /^\s*kind:\s*\S/m.test(head);
      if (expected) matched++;
      expect(keyLine(head, "kind:"), JSON.stringify(head)).toBe(expected);
    }
    // Both answers came up often.
    expect(matched).toBeGreaterThan(2_000);
    expect(matched).toBeLessThan(18_000);
  });
});
