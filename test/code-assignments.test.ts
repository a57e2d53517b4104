/**
 * Unquoted assignments in source code: a right-hand side there is an expression, so generic rules never
 * read it, but a credential pasted into a comment or a docstring is written exactly so
 * (`# aws_secret_access_key = …`). Provider rules, whose values have a shape of their own, read them.
 */
import { describe, expect, it } from "vitest";
import { eachUnquoted } from "../src/detect/assign.js";
import { mayHoldCodeValue } from "../src/detect/code-value.js";
import { scan } from "../src/scan.js";
import { tempTree } from "./cli-helpers.js";
import { seededBelow } from "./helpers.js";

async function found(files: Record<string, string>, salt: string): Promise<string[]> {
  const dir = tempTree(files, salt);
  const report = await scan({ paths: [dir], history: false, includeDeps: false, rulesDirs: [], threads: 1 });
  return report.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`).sort();
}

describe("unquoted assignments in source code", () => {
  it("finds a provider's credential pasted into a comment, a docstring or a line of code", async () => {
    const secret = "{{fake::base64:40}}";
    expect(
      await found(
        {
          "a.py": `import os\n# aws_secret_access_key = ${secret}\nx = 1\n`,
          "b.py": `"""\n[default]\naws_secret_access_key = ${secret}\n"""\n`,
          "c.ts": `// aws_secret_access_key = ${secret}\nexport const x = 1;\n`,
          "d.go": `package main\n\naws_secret_access_key = ${secret}\n`,
        },
        "code-pasted",
      ),
    ).toEqual([
      "a.py:2 aws-secret-access-key",
      "b.py:3 aws-secret-access-key",
      "c.ts:1 aws-secret-access-key",
      "d.go:3 aws-secret-access-key",
    ]);
  });

  it("takes no expression for a credential: calls, members, constants, words", async () => {
    expect(
      await found(
        {
          "n.py": [
            'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]',
            "secret_key = settings.SECRET_KEY",
            "SECRET_KEY = get_random_secret_key()",
            "aws_secret_access_key = AWS_SECRET_ACCESS_KEY_FOR_THE_STAGING_ENV",
            "twilio_auth_token = TWILIO_AUTH_TOKEN",
            "",
          ].join("\n"),
          "n.ts": [
            "const secretKey = process.env.AWS_SECRET_ACCESS_KEY;",
            "let aws_secret_access_key = creds.secretAccessKey;",
            "secret_key = base64.decode(raw2);",
            "",
          ].join("\n"),
        },
        "code-expressions",
      ),
    ).toEqual([]);
  });

  it("gives generic rules nothing unquoted in code, as before", async () => {
    // A password-shaped value under a password's name: a generic rule would take it, quoted.
    expect(
      await found(
        {
          "p.py": "# db_password = {{fake:Zq7:alnum:14}}\nx = 1\n",
          "q.py": 'db_password = "{{fake:Zq7:alnum:14}}"\n',
        },
        "code-generic",
      ),
    ).toEqual(["q.py:1 generic-password"]);
  });

  it("reads a window for them only where one may be: mayHoldCodeValue is never false before such a value", () => {
    // Pieces that move every boundary: names, separators, values with and without digits, blanks of
    // every kind, characters no value holds, a minified bundle's tokens.
    const pieces = "key a1 x 9 Z f00d c0ffee99 = = == : :: # ; , ( ) [ ] { } < > . - _ / + é".split(" ");
    pieces.push(" ", " ", "\t", "\n", "\u00a0", "\u2028", "'", '"', "`", "export ");
    const next = seededBelow(11);
    let withValue = 0;
    let gated = 0;
    for (let n = 0; n < 20_000; n++) {
      let s = "";
      for (let k = 4 + next(24); k > 0; k--) s += pieces[next(pieces.length)];
      let any = false;
      eachUnquoted(s, (m) => {
        if (/[0-9]/.test(m[2]!) && /[A-Za-z]/.test(m[2]!)) any = true;
      });
      const may = mayHoldCodeValue(s);
      if (any) {
        withValue++;
        expect(may, JSON.stringify(s)).toBe(true);
      } else if (!may) gated++;
    }
    // Both cases came up often: windows with such a value, and windows the test turned away.
    expect(withValue).toBeGreaterThan(300);
    expect(gated).toBeGreaterThan(2_000);
    // A minified bundle's code: assignments, none of a value with a digit and a letter.
    expect(mayHoldCodeValue("var e=function(t){return t.length>0?this.items:[]},n=e.bind(this);")).toBe(
      false,
    );
    expect(mayHoldCodeValue("const k = 1;\nexport const key = abc123def;")).toBe(true);
  });

  it("mayHoldCodeValue answers what its definition says, reading only the runs that hold a digit", () => {
    // The definition, read the slow way: after some blank, `=` or `:`, the characters up to the next
    // blank or character no value holds (a quote, `#;,<>(){}[]`) include an ASCII letter and digit.
    const blank = (c: string) => /\s/.test(c);
    const stops = (c: string) => blank(c) || /["'`#;,<>(){}[\]]/.test(c);
    const defined = (s: string) => {
      for (let q = 0; q < s.length; q++) {
        if (!blank(s[q]!) && s[q] !== "=" && s[q] !== ":") continue;
        let letter = false;
        let digit = false;
        for (let i = q + 1; i < s.length && !stops(s[i]!); i++) {
          letter ||= /[A-Za-z]/.test(s[i]!);
          digit ||= /[0-9]/.test(s[i]!);
        }
        if (letter && digit) return true;
      }
      return false;
    };
    const chars = ["a", "Z", "1", "9", " ", "\t", "=", ":", "(", ",", '"', ".", "-", "\u00a0", "\u2028", "é"];
    const next = seededBelow(5);
    const answers = [0, 0];
    for (let n = 0; n < 30_000; n++) {
      let s = "";
      for (let k = 1 + next(14); k > 0; k--) s += chars[next(chars.length)];
      const want = defined(s);
      expect(mayHoldCodeValue(s), JSON.stringify(s)).toBe(want);
      answers[want ? 1 : 0]!++;
    }
    expect(Math.min(...answers)).toBeGreaterThan(2_000);
    // Runs of digits, a run that starts the text, one after a character no value holds.
    expect(mayHoldCodeValue("x=1a")).toBe(true);
    expect(mayHoldCodeValue("1a=2")).toBe(false);
    expect(mayHoldCodeValue("a1b2c3")).toBe(false);
    expect(mayHoldCodeValue("(a1,b2)")).toBe(false);
    expect(mayHoldCodeValue("(a1 b2)")).toBe(true);
    expect(mayHoldCodeValue("(x:a1)")).toBe(true);
    expect(mayHoldCodeValue(`${"9".repeat(100_000)} a1`)).toBe(true);
    expect(mayHoldCodeValue(`=${"9".repeat(100_000)}`)).toBe(false);
  });
});
