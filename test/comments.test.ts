/**
 * Credentials left in comments of structured files: a line commented out in YAML, TOML or JSONC, a
 * `.env`'s or an INI file's commented-out assignment. Each is found as it would be in a text file.
 */
import { describe, expect, it } from "vitest";
import { cli, tempTree } from "./cli-helpers.js";

interface F {
  path: string;
  line: number;
  ruleId: string;
  secret: string;
}

function scan(files: Record<string, string>): F[] {
  const dir = tempTree(files);
  const r = cli(["scan", dir, "-f", "json", "--show-secrets", "--no-history", "--fail-on", "none"]);
  return (JSON.parse(r.stdout) as { findings: F[] }).findings;
}

const where = (fs: F[]) => fs.map((f) => `${f.path}:${f.line} ${f.ruleId}`);

const PASSWORD = "{{fake::alnum:24}}";

describe("a credential commented out in a structured file", () => {
  it("is found in YAML, TOML and JSONC comments, and in .env and INI ones", () => {
    const found = scan({
      "config.yaml": `db:\n  host: db.internal\n  # password: ${PASSWORD}\n  user: app\n  port: 5432  # token: ${PASSWORD}\n`,
      "settings.toml": `[db]\nhost = "db"\n  # password = "${PASSWORD}"\n`,
      "settings.jsonc": `{\n  // "api_key": "${PASSWORD}",\n  "region": "eu"\n}\n`,
      ".env": `# DB_PASSWORD=${PASSWORD}\nDB_HOST=db\n`,
      "app.ini": `[db]\n;password = ${PASSWORD}\n`,
    });
    expect(where(found)).toEqual([
      ".env:1 generic-password",
      "app.ini:2 generic-password",
      "config.yaml:3 generic-password",
      "config.yaml:5 generic-secret",
      "settings.jsonc:2 generic-secret",
      "settings.toml:3 generic-password",
    ]);
  });

  it("reads a comment mark inside a value as the value's, once", () => {
    const found = scan({
      "job.yaml": `script: |\n  # password: ${PASSWORD}\n  run.sh\nnote: "see # password: below"\n`,
    });
    expect(where(found)).toEqual(["job.yaml:2 generic-password"]);
  });
});
