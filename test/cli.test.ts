import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, tempTree } from "./cli-helpers.js";

const pkg = JSON.parse(readFileSync(join(__dirname, "../package.json"), "utf8")) as { version: string };

describe("agent-secrets CLI", () => {
  it("prints its version", () => {
    const r = cli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("exits 1 with a redacted text report on stdout and a summary on stderr", () => {
    const dir = tempTree({ "app/.env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const raw = readFileSync(join(dir, "app/.env"), "utf8").split("=")[1]!.trim();
    const r = cli(["scan", dir, "--no-history"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("app/.env");
    expect(r.stdout).toContain("groq");
    expect(r.stdout).not.toContain(raw);
    expect(r.stderr).toMatch(/1 finding of 1 distinct secret \(1 (critical|high)\)/);
    expect(r.stderr).not.toContain(raw);
  });

  it("shows the raw secret only with --show-secrets", () => {
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const raw = readFileSync(join(dir, ".env"), "utf8").split("=")[1]!.trim();
    expect(cli(["scan", dir, "--no-history", "--show-secrets"]).stdout).toContain(raw);
    const json = JSON.parse(cli(["scan", dir, "--no-history", "-f", "json", "--show-secrets"]).stdout);
    expect(json.findings[0].secret).toBe(raw);
  });

  it("writes the DESIGN §6 JSON shape", () => {
    const dir = tempTree({
      ".mcp.json": JSON.stringify({
        mcpServers: {
          github: { command: "npx", env: { GITHUB_PERSONAL_ACCESS_TOKEN: "{{fake:ghp_:alnum:36:crc32}}" } },
        },
      }),
    });
    const r = cli(["scan", dir, "--no-history", "--format", "json"]);
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout);
    expect(rep.version).toBe(1);
    expect(rep.tool).toEqual({ name: "agent-secrets", version: pkg.version });
    expect(rep.stats.files).toBe(1);
    expect(rep.findings).toHaveLength(1);
    const f = rep.findings[0];
    expect(f).toMatchObject({
      ruleId: "github-pat",
      provider: "github",
      severity: "critical",
      path: ".mcp.json",
      line: 1,
      keyPath: "mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN",
      fileKind: "mcp-config",
      client: "claude-code",
      server: "github",
      field: "env",
      exposure: "untracked",
      commit: null,
      introducedIn: null,
    });
    expect(f.secret).toMatch(/^ghp_…/);
    expect(rep.groups).toEqual([{ secretId: f.secretId, findings: [f.id] }]);
  });

  it("honours --fail-on", () => {
    const dir = tempTree({ "notes.txt": "DB_PASSWORD={{fake:Pw-:alnum:14}}\n" });
    expect(cli(["scan", dir, "--no-history", "--fail-on", "critical"]).code).toBe(0);
    expect(cli(["scan", dir, "--no-history", "--fail-on", "high"]).code).toBe(1);
    expect(cli(["scan", dir, "--no-history", "--fail-on", "medium"]).code).toBe(1);
    expect(cli(["scan", dir, "--no-history", "--fail-on", "low"]).code).toBe(1);
    expect(cli(["scan", dir, "--no-history", "--fail-on", "none"]).code).toBe(0);
    const bad = cli(["scan", dir, "--fail-on", "severe"]);
    expect(bad.code).toBe(2);
  });

  it("shows paths as given when scanning several files and folders", () => {
    const dir = tempTree({
      "a/app.env": "STRIPE_KEY={{fake:sk_live_:alnum:24}}\n",
      "b/nested/c.env": "STRIPE_KEY={{fake:sk_live_:alnum:24}}\n",
    });
    const r = cli(["scan", "a/app.env", "b", "--no-history", "-f", "json"], dir);
    const paths = JSON.parse(r.stdout).findings.map((f: { path: string }) => f.path);
    expect(paths.sort()).toEqual(["a/app.env", "b/nested/c.env"]);
  });

  it("exits 0 on a clean folder", () => {
    const dir = tempTree({ "README.md": "# nothing here\n", ".env.example": "API_KEY=your-key-here\n" });
    const r = cli(["scan", dir, "--no-history"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("No secrets found");
  });

  it("exits 2 with a hint on usage errors", () => {
    const missing = cli(["scan", "/nonexistent/agent-secrets-path"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("path not found");
    expect(missing.stderr).toContain("hint:");
    expect(cli(["scan", ".", "--format", "xml"]).code).toBe(2);
    expect(cli(["frobnicate"]).code).toBe(2);
  });

  it("exits 2 with file:line on a bad config", () => {
    const dir = tempTree({ ".agent-secrets.yaml": "exclude: [a]\nfail-on: severe\n" });
    const r = cli(["scan", dir, "--no-history"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.agent-secrets\.yaml:2: `fail-on` must be one of/);
    expect(r.stderr).toContain("hint:");
  });

  it("applies config excludes and rule disables", () => {
    const dir = tempTree({
      ".agent-secrets.yaml": "exclude: ['fixtures/**']\ndisable: [generic-password]\n",
      "fixtures/a.env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n",
      "b.env": "DB_PASSWORD={{fake:Pw-:alnum:14}}\n",
    });
    expect(cli(["scan", dir, "--no-history"]).code).toBe(0);
  });

  it("honours agent-secrets:allow on the line or the line above", () => {
    const dir = tempTree({
      "a.py": 'KEY = "{{fake:gsk_:alnum:52}}"  # agent-secrets:allow test fixture\n',
      "b.yaml": "# agent-secrets:allow\ntoken: {{fake:gsk_:alnum:52}}\n",
    });
    const r = cli(["scan", dir, "--no-history"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("2 suppressed");
  });

  it("honours agent-secrets:allow by line on long lines and CRLF text, and nowhere else", () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => `"k${i}":"{{fake:gsk_:alnum:52}}"`).join(",");
    const dir = tempTree({
      // 300 secrets on one allowed line; 300 on the next line, allowed by the line above
      "allowed.min.js": `var a={${many(300)}}; // agent-secrets:allow\r\nvar b={${many(300)}};\r\n`,
      // the marker two lines above, or on the line below, allows nothing
      "kept.js": `// agent-secrets:allow\r\n\r\nvar c={${many(200)}};\r\nvar d={${many(100)}};\n// agent-secrets:allow\n`,
    });
    const out = join(dir, "report.json");
    cli(["scan", dir, "--no-history", "-f", "json", "-o", out]);
    const rep = JSON.parse(readFileSync(out, "utf8")) as {
      findings: { path: string; line: number }[];
      stats: { suppressed: number };
    };
    expect(rep.stats.suppressed).toBe(600);
    expect(rep.findings.filter((f) => f.path === "allowed.min.js")).toEqual([]);
    expect(rep.findings.filter((f) => f.path === "kept.js" && f.line === 3)).toHaveLength(200);
    expect(rep.findings.filter((f) => f.path === "kept.js" && f.line === 4)).toHaveLength(100);
  });

  it("exits 0 quietly when stdout is closed early", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `KEY_${i}={{fake:gsk_:alnum:52}}`).join("\n");
    const dir = tempTree({ "many.env": lines });
    const r = spawnSync(
      "bash",
      ["-c", `node "${BIN}" scan "${dir}" --no-history | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    expect(r.stdout.trim()).toBe("0");
    expect(r.stderr).not.toContain("EPIPE");
  });

  it("writes the report to --output and nothing to stdout", () => {
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const out = join(dir, "report.json");
    const r = cli(["scan", join(dir, ".env"), "-f", "json", "-o", out]);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).findings).toHaveLength(1);
    writeFileSync(out, "");
  });

  it("refuses an output it cannot write before scanning, and reports a failed write in one line", () => {
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const json = join(dir, "report.json");
    const missing = join(dir, "no-such-folder", "report.sarif");
    const cases: [string[], string][] = [
      [
        ["--json", json, "--sarif", missing],
        `cannot write ${missing}: the folder ${join(dir, "no-such-folder")} does not exist`,
      ],
      [["-o", dir], `cannot write ${dir}: it is a folder`],
      [["--plan", join(dir, ".env", "plan.md")], `${join(dir, ".env")} is not a folder`],
      [["--patch", join(dir, "none", "fix.diff")], "does not exist"],
    ];
    for (const [args, message] of cases) {
      const r = cli(["scan", dir, "--no-history", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n")[0]).toMatch(/^agent-secrets: cannot write /);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain("hint:");
      expect(r.stderr).not.toContain("internal error");
      // Refused before the scan: no summary, no report written to the other output.
      expect(r.stderr).not.toMatch(/\(\d+ files?, /);
    }
    expect(existsSync(json)).toBe(false);
    expect(cli(["baseline", dir, "-o", missing]).stderr).toContain(`cannot write ${missing}`);
    expect(cli(["plan", dir, "-o", missing]).stderr).toContain(`cannot write ${missing}`);
  });

  it('reads "-" as stdout for any output, and refuses two outputs there', () => {
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const report = join(dir, "report.txt");
    // The plan on stdout, the report in a file: nothing named "-" is made.
    const plan = cli(["scan", dir, "--no-history", "-o", report, "--plan", "-"], dir);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/^# /);
    expect(plan.stdout).toContain("groq");
    expect(plan.stderr).toContain("migration plan written to stdout");
    expect(readFileSync(report, "utf8")).toContain(".env");
    const sarif = cli(["scan", dir, "--no-history", "-q", "-o", report, "--sarif", "-"], dir);
    expect(JSON.parse(sarif.stdout).version).toBe("2.1.0");
    // `-o -` is stdout, as no -o is.
    const json = cli(["scan", dir, "--no-history", "-q", "-f", "json", "-o", "-"], dir);
    expect(JSON.parse(json.stdout).findings).toHaveLength(1);
    const base = cli(["baseline", dir, "-o", "-"], dir);
    expect(base.code).toBe(0);
    expect(JSON.parse(base.stdout).findings).toHaveLength(1);
    expect(base.stderr).toContain("written to stdout");
    expect(cli(["plan", dir, "-o", "-"], dir).stdout).toContain("groq");
    // Two outputs on stdout would run into each other: refused before the scan.
    for (const args of [
      ["--plan", "-"],
      ["--json", "-"],
      ["-o", report, "--json", "-", "--markdown", "-"],
      ["-o", "-", "--sarif", "-"],
    ]) {
      const r = cli(["scan", dir, "--no-history", ...args], dir);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^agent-secrets: .* would all write to stdout/);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\(\d+ files?, /);
    }
    expect(cli(["scan", dir, "--no-history", "--plan", "-"], dir).stderr).toContain(
      "the report (no -o) and --plan - would all write to stdout",
    );
    expect(existsSync(join(dir, "-"))).toBe(false);
  });

  it.runIf(existsSync("/dev/full"))(
    "reports a write that fails midway (a full disk) in one line, exit 2",
    () => {
      const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
      const r = cli(["scan", dir, "--no-history", "-q", "-f", "json", "-o", "/dev/full"]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe("agent-secrets: cannot write /dev/full: no space left on device");
    },
  );

  it("lists and checks rules", () => {
    const list = cli(["rules", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/github-pat\s+critical/);
    const n = Number(/(\d+) rules from/.exec(list.stdout)?.[1]);
    expect(n).toBeGreaterThanOrEqual(150);
  });

  it("rejects a broken user rule with exit 2 and file:line", () => {
    const dir = tempTree({
      "acme.yaml":
        "provider: acme\nrules:\n  - id: acme-key\n    name: Acme key\n    severity: high\n    pattern: 'acme_([a-z]{8}'\n    keywords: [acme_]\n    playbook: saas-api-token\n    examples: ['acme_abcdefgh']\n    negative_examples: ['acme_']\n",
    });
    const r = cli(["rules", "check", "--rules", dir, "--skip-redos"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/acme\.yaml:6 \[acme-key\]: `pattern` is not a valid JavaScript regex/);
  });

  it("renders markdown and GitHub annotations without the secret", () => {
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const raw = readFileSync(join(dir, ".env"), "utf8").split("=")[1]!.trim();
    const md = cli(["scan", dir, "--no-history", "-f", "markdown"]);
    expect(md.stdout).toContain("| 🟠 | Groq API key");
    expect(md.stdout).not.toContain(raw);
    const gh = cli(["scan", dir, "--no-history", "-f", "github"]);
    expect(gh.stdout).toMatch(
      /^::error file=\.env,line=1,col=14,endLine=1,endColumn=70,title=Groq API key \(groq-api-key\)::/,
    );
    const auto = cli(["scan", dir, "--no-history"], process.cwd(), { GITHUB_ACTIONS: "true" });
    expect(auto.stdout).toContain("::error file=.env");
    expect(auto.stdout).not.toContain(raw);
  });

  it("takes fail-on from the config unless the flag is given", () => {
    const dir = tempTree({
      ".agent-secrets.yaml": "fail-on: critical\n",
      "a.env": "DB_PASSWORD={{fake:Pw-:alnum:14}}\n",
    });
    expect(cli(["scan", dir, "--no-history"]).code).toBe(0);
    expect(cli(["scan", dir, "--no-history", "--fail-on", "high"]).code).toBe(1);
  });
});
