/** Key/value extraction from free text: the quoted-assignment search that skips ahead is exact. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eachQuoted, pairsFromText, QUOTED } from "../src/detect/assign.js";

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
