/**
 * Credential files whose passwords stand under no `name=`: `.netrc` (annotated), `.pgpass` and
 * redis.conf (rules of their own). Each is found in a repository and, for the home files, by `--home`.
 */
import { describe, expect, it } from "vitest";
import { annotateNetrc } from "../src/structure/netrc.js";
import { annotatePgpass } from "../src/structure/pgpass.js";
import { cli, tempTree } from "./cli-helpers.js";

interface F {
  path: string;
  line: number;
  column: number;
  ruleId: string;
  keyPath: string | null;
  secret: string;
}

function scan(args: string[], env: NodeJS.ProcessEnv = {}): F[] {
  const r = cli(["scan", ...args, "-f", "json", "--show-secrets", "--no-history"], process.cwd(), env);
  return (JSON.parse(r.stdout) as { findings: F[] }).findings;
}

describe(".netrc annotation", () => {
  it("gives each login, password and account the machine it belongs to, at its exact place", () => {
    const text = [
      "# deploy hosts",
      "machine git.internal.dev",
      "  login deploy",
      "  password s3cr3t-one",
      "machine ftp.internal.dev login up password two\taccount acct-9",
      "default login anonymous password guest@",
      "",
    ].join("\n");
    const spans = annotateNetrc(text).spans.map((s) => [
      s.path.join(" "),
      s.value,
      text.slice(s.start, s.end),
    ]);
    expect(spans).toEqual([
      ["git.internal.dev login", "deploy", "deploy"],
      ["git.internal.dev password", "s3cr3t-one", "s3cr3t-one"],
      ["ftp.internal.dev login", "up", "up"],
      ["ftp.internal.dev password", "two", "two"],
      ["ftp.internal.dev account", "acct-9", "acct-9"],
      ["default login", "anonymous", "anonymous"],
      ["default password", "guest@", "guest@"],
    ]);
  });

  it("reads a quoted token with blanks and escapes, and skips a macro's body", () => {
    const text = [
      'machine a.internal.dev login "dev ops" password "p\\"w d"',
      "macdef init",
      "password not-a-token",
      "cd /pub",
      "",
      "machine b.internal.dev password after-macro",
    ].join("\n");
    const spans = annotateNetrc(text).spans;
    expect(spans.map((s) => [s.path.join(" "), s.value, s.raw])).toEqual([
      ["a.internal.dev login", "dev ops", true],
      ["a.internal.dev password", 'p"w d', false],
      ["b.internal.dev password", "after-macro", true],
    ]);
    expect(text.slice(spans[0]!.start, spans[0]!.end)).toBe("dev ops");
  });

  it("has no spans for a file of no entries", () => {
    expect(annotateNetrc("# nothing here\n\n").spans).toEqual([]);
    expect(annotateNetrc("machine").spans).toEqual([]);
  });
});

describe(".pgpass annotation", () => {
  it("gives each password its line's four fields, resolving escapes, as libpq reads the file", () => {
    const text = [
      "# hostname:port:database:username:password",
      "db.internal.dev:5433:orders:app_user:s3cr3t-one",
      "*:*:*:replicator:pa\\:ss\\\\word\r",
      "fe80\\:\\:1:5432:db:u:rest:of:line",
      "too:few:fields:here",
      "",
    ].join("\n");
    const spans = annotatePgpass(text).spans.map((s) => [
      s.path.join(" "),
      s.value,
      s.raw,
      text.slice(s.start, s.end),
    ]);
    expect(spans).toEqual([
      ["db.internal.dev:5433:orders:app_user password", "s3cr3t-one", true, "s3cr3t-one"],
      ["*:*:*:replicator password", "pa:ss\\word", false, "pa\\:ss\\\\word"],
      ["fe80::1:5432:db:u password", "rest:of:line", true, "rest:of:line"],
    ]);
  });

  it("has no spans for comments, blank lines and lines of fewer than five fields", () => {
    expect(annotatePgpass("# a:b:c:d:e\n\nhost:5432:db:user\nhost:5432:db:user:\n").spans).toEqual([]);
  });
});

describe("credential files in a repository", () => {
  it("reports a .netrc's passwords with their machine, a Heroku login once, by its own rule", () => {
    const dir = tempTree({
      ".netrc": [
        "machine git.internal.dev",
        "  login deploy",
        "  password {{fake::alnum:20}}",
        "machine api.heroku.com",
        "  login dev@contoso.dev",
        "  password {{fake::hex:8}}-{{fake::hex:4}}-{{fake::hex:4}}-{{fake::hex:4}}-{{fake::hex:12}}",
        "machine registry.internal.dev login ci password {{fake::alnum:24}}",
        "",
      ].join("\n"),
    });
    const got = scan([dir]).map((f) => [f.line, f.column, f.ruleId, f.keyPath]);
    expect(got).toEqual([
      [3, 12, "generic-password", '["git.internal.dev"].password'],
      [6, 12, "heroku-netrc-password", '["api.heroku.com"].password'],
      [7, 49, "generic-password", '["registry.internal.dev"].password'],
    ]);
  });

  it("reports a .pgpass line's password and a redis.conf's passwords, and not their placeholders", () => {
    const dir = tempTree({
      ".pgpass": [
        "# hostname:port:database:username:password",
        "db.internal.dev:5432:orders:app_user:{{fake::alnum:24}}",
        "*:*:*:replicator:{{fake::alnum:20}}",
        "localhost:5432:postgres:postgres:postgres",
        "",
      ].join("\n"),
      "deploy/redis.conf": [
        "bind 127.0.0.1",
        "# requirepass foobared",
        "requirepass {{fake::alnum:32}}",
        'masterauth "{{fake::alnum:24}}"',
        "",
      ].join("\n"),
    });
    const got = scan([dir]).map((f) => [f.path, f.line, f.ruleId, f.secret.length]);
    expect(got).toEqual([
      [".pgpass", 2, "postgres-pgpass-password", 24],
      [".pgpass", 3, "postgres-pgpass-password", 20],
      ["deploy/redis.conf", 3, "redis-conf-password", 32],
      ["deploy/redis.conf", 4, "redis-conf-password", 24],
    ]);
  });

  it("reports a .pgpass password on any port and one with an escaped colon, at its exact place", () => {
    const dir = tempTree({
      ".pgpass": [
        "db.internal.dev:5433:orders:app_user:{{fake::alnum:24}}",
        "db2.internal.dev:15432:orders:app_user:{{fake::alnum:6}}\\:{{fake::alnum:12}}",
        "db3.internal.dev:5433:orders:app_user:postgres",
        "",
      ].join("\n"),
    });
    const got = scan([dir]).map((f) => [f.line, f.column, f.ruleId, f.keyPath, f.secret.length]);
    expect(got).toEqual([
      [1, 38, "generic-password", '["db.internal.dev:5433:orders:app_user"].password', 24],
      [2, 40, "generic-password", '["db2.internal.dev:15432:orders:app_user"].password', 19],
    ]);
  });

  it("finds ~/.netrc and ~/.pgpass with --home", () => {
    const home = tempTree({
      ".netrc": "machine git.internal.dev login deploy password {{fake::alnum:20}}\n",
      ".pgpass":
        "db.internal.dev:5432:orders:app_user:{{fake::alnum:24}}\nlocalhost:5433:*:app:{{fake::alnum:20}}\n",
    });
    const got = scan(["--home"], { HOME: home, XDG_CONFIG_HOME: home }).map((f) => [
      f.path,
      f.line,
      f.ruleId,
    ]);
    expect(got.sort()).toEqual([
      ["~/.netrc", 1, "generic-password"],
      ["~/.pgpass", 1, "postgres-pgpass-password"],
      ["~/.pgpass", 2, "generic-password"],
    ]);
  });

  it("reads ~/.aws/credentials, ~/.s3cfg and ~/.my.cnf with --home as INI: one finding per key, under its profile", () => {
    const home = tempTree({
      ".aws/credentials":
        "[default]\naws_access_key_id = {{fake:AKIA:upper:16}}\naws_secret_access_key = {{fake::base64:40}}\n",
      ".s3cfg": "[default]\naccess_key = {{fake:AKIA:upper:16}}\nsecret_key = {{fake::base64:40}}\n",
      ".my.cnf": '[client]\nuser = app\npassword = "{{fake::alnum:20}}"\n',
    });
    const got = scan(["--home"], { HOME: home, XDG_CONFIG_HOME: home }).map((f) => [
      f.path,
      f.line,
      f.ruleId,
      f.keyPath,
    ]);
    expect(got.sort()).toEqual([
      ["~/.aws/credentials", 3, "aws-secret-access-key", "default.aws_secret_access_key"],
      ["~/.my.cnf", 3, "generic-password", "client.password"],
      ["~/.s3cfg", 3, "aws-secret-access-key", "default.secret_key"],
    ]);
  });
});
