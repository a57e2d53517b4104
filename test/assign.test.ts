/** Key/value extraction from free text: the quoted-assignment search that skips ahead is exact. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  eachQuoted,
  eachSchemeHeader,
  normalizeAscii,
  normalizeByRegex,
  normalizeKey,
  pairsFromText,
  QUOTED,
} from "../src/detect/assign.js";

/** Every QUOTED match of `s` by a plain global scan, as "index:text". */
function plain(s: string): string[] {
  const re = new RegExp(QUOTED.source, QUOTED.flags);
  const out: string[] = [];
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(`${m.index}:${m[0]}`);
  return out;
}

function skipping(s: string): string[] {
  const out: string[] = [];
  eachQuoted(s, (m) => out.push(`${m.index}:${m[0]}`));
  return out;
}

const piece = fc.oneof(
  fc.constantFrom('"', "'", "`", "\\", "=", ":", "=>", ":=", "??=", "||=", "==", "]", "[", " ", "  ", "\t"),
  fc.constantFrom("r", "b", "f", "rb", "u", "$", "@", ".", "-", "_", ",", "\n", "\u00a0", "é"),
  fc.constantFrom("apiKey", "token", "x", "const ", "password", "a".repeat(99), "b".repeat(120)),
  fc.string({ maxLength: 5 }),
);

describe("quoted assignments", () => {
  it("finds exactly the matches of a plain global scan", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const s = parts.join("");
        expect(skipping(s)).toEqual(plain(s));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it("finds a match whose operator ends as far from its start as a match allows", () => {
    const name = `k${"e".repeat(100)}`;
    const s = `${"x = y; ".repeat(40)}"${name}"]${" ".repeat(8)}??= r"value"`;
    expect(skipping(s)).toEqual(plain(s));
    expect(skipping(s)).toHaveLength(1);
    const pairs = pairsFromText(s, 0, s.length, { code: true });
    expect(pairs.map((p) => [p.key, p.value])).toEqual([[name, "value"]]);
  });
});

describe("authorization-style headers", () => {
  const headers = (s: string, siteFirst: boolean) => {
    const out: string[] = [];
    eachSchemeHeader(s, (key, m) => out.push(`${key}@${m.index}:${m[0]}`), siteFirst);
    return out;
  };
  // Header-shaped runs (name, separator, spaces, quote, scheme, spaces, value), each part sometimes
  // missing or swapped for a near miss, between pieces of noise.
  const header = fc
    .tuple(
      fc.constantFrom("Authorization", "x-api-key", "X-Auth-Token", "api_key", "headers", "x", ""),
      fc.constantFrom(":", "=", " ", "", ":="),
      fc.constantFrom("", " ", "  ", "\t", "\n", "    ", " \t\n ", "     "),
      fc.constantFrom("", '"', "'", "`"),
      fc.constantFrom("Bearer", "BASIC", "token", "Bot", "apikey", "sso-key", "bearers", "oken"),
      fc.constantFrom(" ", "  ", "\t", "\n", "", "     "),
      fc.constantFrom("abcdef0123", "Zm9vOmJhcg==", "eyJhbGciOi.x.y:=z", "abc", "${TOKEN}"),
    )
    .map((p) => p.join(""));
  const noise = fc.oneof(
    fc.constantFrom(":", "=", '"', " ", "\n", "-", ".", "Bearer "),
    fc.string({ maxLength: 4 }),
  );
  const part = fc.oneof(header, noise);
  it("finds the same headers with the site check as without it", () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        const s = parts.join("");
        expect(headers(s, true)).toEqual(headers(s, false));
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it("reads a header whose separator, spaces and quote come before the scheme", () => {
    const s = 'fetch(url, { headers: { Authorization:  "Bearer abcdefghij0123456789" } })';
    expect(headers(s, true)).toEqual(["Authorization@41:Bearer abcdefghij0123456789"]);
    expect(headers("Authorization\tBearer abcdefghij0123456789", true)).toEqual([]);
  });
});

describe("key normalization", () => {
  it("gives the regex definition's snake form in one pass, for any ASCII text", () => {
    const unit = fc.constantFrom(..."aZbY09_-. $@AB".split(""));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (k) => {
        expect(normalizeAscii(k)).toBe(normalizeByRegex(k));
      }),
      { numRuns: 5000, seed: 17 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }),
        (k) => {
          expect(normalizeAscii(k)).toBe(normalizeByRegex(k));
        },
      ),
      { numRuns: 3000, seed: 18 },
    );
    for (const [k, n] of [
      ["awsSecretAccessKey", "aws_secret_access_key"],
      ["AWS-Secret.Key", "aws_secret_key"],
      ["HTTPServer2URL", "http_server2_url"],
      ["__X__", "x"],
    ])
      expect(normalizeKey(k)).toBe(n);
  });

  it("leaves other text to the regex definition (lower-casing can make ASCII letters)", () => {
    expect(normalizeAscii("\u212Aey")).toBeUndefined();
    expect(normalizeKey("\u212AEY_Café")).toBe(normalizeByRegex("\u212AEY_Café"));
    expect(normalizeKey("\u212AEY_Café")).toBe("key_caf");
  });
});
