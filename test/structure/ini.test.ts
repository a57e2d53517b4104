import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Classifier } from "../../src/sources/classify.js";
import { annotate } from "../../src/structure/index.js";
import { expectValue, expectWellFormed, spanAt } from "./helpers.js";

const CREDENTIALS = [
  "# written by aws configure",
  "[default]",
  "aws_access_key_id = AKIA-default-id",
  "aws_secret_access_key=default/secret+value",
  "",
  "[profile ci] ; the deploy job's",
  'aws_secret_access_key = "quoted-secret"',
  "region: eu-west-1",
  "s3 =",
  "  max_concurrent_requests = 20",
  "  addressing_style = path",
  "output = json   # inline comment",
  "; aws_session_token = old-token-kept",
  "# note: the token above expired",
  "sso_start_url = https://acme.awsapps.com/start#/",
  "empty =",
  "",
].join("\n");

describe("INI: an AWS credentials and config file", () => {
  const a = annotate(CREDENTIALS, "ini");

  it("gives each value its section and name, with exact offsets", () => {
    expectWellFormed(CREDENTIALS, a);
    expectValue(CREDENTIALS, a, ["default", "aws_access_key_id"], "AKIA-default-id");
    expectValue(CREDENTIALS, a, ["default", "aws_secret_access_key"], "default/secret+value");
    expectValue(CREDENTIALS, a, ["profile ci", "aws_secret_access_key"], "quoted-secret");
    expectValue(CREDENTIALS, a, ["profile ci", "region"], "eu-west-1");
  });

  it("nests an indented block under the name with no value, and ends values at comments", () => {
    expectValue(CREDENTIALS, a, ["profile ci", "s3", "max_concurrent_requests"], "20");
    expectValue(CREDENTIALS, a, ["profile ci", "s3", "addressing_style"], "path");
    expectValue(CREDENTIALS, a, ["profile ci", "output"], "json");
    // A URL's colon and a `#` with no blank before it are the value's.
    expectValue(CREDENTIALS, a, ["profile ci", "sso_start_url"], "https://acme.awsapps.com/start#/");
    expect(spanAt(a, ["profile ci", "empty"])).toBeUndefined();
    expect(spanAt(a, ["profile ci", "s3"])).toBeUndefined();
  });

  it("reads a commented-out assignment of one word, not a comment's prose", () => {
    expectValue(CREDENTIALS, a, ["profile ci", "aws_session_token"], "old-token-kept");
    expect(spanAt(a, ["profile ci", "note"])).toBeUndefined();
    expect(a.spans).toHaveLength(9);
  });

  it("reads names before any section alone, CR LF line ends and a header's comment", () => {
    const text = "user = root\r\n[client] # mysql\r\npassword = 'p@ss word'\r\nport=3306\r\n";
    const b = annotate(text, "ini");
    expectValue(text, b, ["user"], "root");
    expectValue(text, b, ["client", "password"], "p@ss word");
    expectValue(text, b, ["client", "port"], "3306");
  });
});

describe("INI: which files", () => {
  const c = new Classifier([]);
  it("reads AWS's, s3cmd's, boto's, pip's and MySQL's credential files and *.ini as INI", () => {
    for (const path of [".aws/credentials", "home/.aws/config", ".s3cfg", ".boto", ".pypirc", ".my.cnf"]) {
      expect(c.classify(path), path).toEqual({ fileKind: "credentials", format: "ini" });
    }
    expect(c.classify("deploy/alembic.ini")).toEqual({ fileKind: "config", format: "ini" });
    // npm's own rc format has keys with colons (`//registry/:_authToken`): read as text.
    expect(c.classify(".npmrc").format).toBeUndefined();
  });
});

describe("INI: property", () => {
  const name = fc.stringMatching(/^[A-Za-z_][\w.-]{0,12}$/);
  const value = fc.stringMatching(/^[^\s;#'"][^\n\r;#]{0,20}$/).map((v) => v.trimEnd());
  it("finds every value under its section, whatever the blanks and comments around it", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            section: name,
            entries: fc.uniqueArray(fc.tuple(name, value), { selector: (e) => e[0], maxLength: 5 }),
          }),
          {
            maxLength: 4,
          },
        ),
        fc.nat(),
        (sections, style) => {
          const seen = new Set<string>();
          const kept = sections.filter((s) => !seen.has(s.section) && seen.add(s.section));
          const lines: string[] = [];
          for (const [k, s] of kept.entries()) {
            lines.push(k % 2 ? `[${s.section}]` : `  [${s.section}]  ; a comment`);
            for (const [n, v] of s.entries) {
              const eq = [" = ", "=", ": "][(style + n.length) % 3]!;
              lines.push(`${n}${eq}${v}${style % 2 ? "  # after" : ""}`);
              if (style % 5 === 0) lines.push("# just a comment here");
            }
          }
          const text = lines.join(style % 3 ? "\n" : "\r\n");
          const a = annotate(text, "ini");
          expectWellFormed(text, a);
          for (const s of kept) {
            for (const [n, v] of s.entries) {
              if (v === "") expect(spanAt(a, [s.section, n])).toBeUndefined();
              else expectValue(text, a, [s.section, n], v);
            }
          }
        },
      ),
    );
  });
});
