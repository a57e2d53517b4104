/**
 * Rules whose every match starts with a keyword are tried only where that keyword starts: the same
 * captures come out as from a global scan of the whole text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detect } from "../src/detect/detect.js";
import { buildEngine } from "../src/detect/engine.js";
import { expandFakes } from "../src/rules/examples.js";
import { loadRuleset } from "../src/rules/load.js";
import { matchPrefix } from "../src/rules/optimize.js";

const { ruleset } = loadRuleset([]);
const engine = buildEngine(ruleset);
const anchored = engine.rules.flatMap((_rule, ri) => (engine.anchors[ri] ? [ri] : []));

/** Captures of a global scan of the whole text, as detect reports them. */
function reference(re: RegExp, text: string): string[] {
  const g = new RegExp(re.source, re.flags);
  const out: string[] = [];
  let n = 0;
  for (let m = g.exec(text); m !== null && n < 10_000; m = g.exec(text)) {
    if (m[0].length === 0) g.lastIndex++;
    const span = m.indices?.[1];
    if (!span || !m[1]) continue;
    out.push(`${span[0]}-${span[1]}:${m[1]}`);
    n++;
  }
  return out;
}

function viaDetect(ri: number, text: string): string[] {
  return detect({ text, code: false }, engine, { only: new Set([ri]) })
    .filter((c) => c.ruleId === engine.rules[ri]!.id)
    .map((c) => `${c.start}-${c.end}:${c.secret}`);
}

describe("anchored rules", () => {
  it("finds the text every match starts with", () => {
    expect(matchPrefix("(?<![A-Za-z0-9_.])(pat[A-Za-z0-9]{14}\\.[a-f0-9]{64})")).toBe("pat");
    expect(matchPrefix(":\\/\\/(?<=\\b(?:https?|ftp):\\/\\/)[^\\s@]{1,100}:([^\\s@]{3,200})@")).toBe("://");
    expect(matchPrefix("\\b(hf_[A-Za-z0-9]{34})\\b")).toBe("hf_");
    expect(matchPrefix("(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})")).toBe("A");
    expect(matchPrefix("abc?d")).toBe("ab");
    // Nothing certain: optional group, alternation of whole patterns or inside the group, a consumed
    // boundary character.
    expect(matchPrefix("(ab)?cd")).toBe("");
    expect(matchPrefix("(ab){0,1}cd")).toBe("");
    expect(matchPrefix("ab|cd")).toBe("");
    expect(matchPrefix("(ab|cd)e")).toBe("");
    expect(matchPrefix("(?:^|[^a-z])(tok_[a-z]{8})")).toBe("");
    expect(matchPrefix("a*bc")).toBe("");
  });

  it("anchors most provider rules", () => {
    expect(anchored.length).toBeGreaterThan(100);
    const rule = (id: string) => engine.rules.findIndex((r) => r.id === id);
    expect(engine.anchors[rule("airtable-personal-access-token")]).toBeDefined();
    // A rule whose match starts before its keyword is scanned whole.
    for (const ri of engine.rules.keys()) {
      const a = engine.anchors[ri];
      if (a) expect(matchPrefix(engine.rules[ri]!.regex.source).length).toBeGreaterThanOrEqual(a.length);
    }
  });

  it("captures exactly what a whole-text scan captures, for every anchored rule", () => {
    for (const ri of anchored) {
      const rule = engine.rules[ri]!;
      const pieces = [...(rule.examples ?? []), ...(rule.negativeExamples ?? [])].map((e, i) =>
        expandFakes(e, `anchor:${rule.id}:${i}`),
      );
      const prefix = matchPrefix(rule.regex.source);
      const parts = fc.oneof(
        fc.constantFrom(...(pieces.length ? pieces : [prefix])),
        fc.constantFrom(
          prefix,
          prefix.toUpperCase(),
          prefix + prefix,
          " ",
          "\n",
          '"',
          "=",
          ":",
          "_",
          "-",
          "/",
        ),
        fc.string({ maxLength: 6 }),
        fc.stringMatching(/^[A-Za-z0-9]{1,40}$/),
      );
      fc.assert(
        fc.property(fc.array(parts, { maxLength: 14 }), (list) => {
          const text = list.join("");
          expect([rule.id, viaDetect(ri, text)]).toEqual([rule.id, reference(rule.regex, text)]);
        }),
        { numRuns: 60, seed: 7 },
      );
    }
  });

  it("captures what a whole-text scan captures where a rule's prefix is looked for by hand", () => {
    // Not anchored (their keyword is not where a match starts), led by a look-around, case-sensitive:
    // matched on the whole text at each occurrence of their prefix (the private-key rules among them).
    const byPrefix = engine.rules.flatMap((_r, ri) => (engine.leads[ri] ? [ri] : []));
    expect(byPrefix.map((ri) => engine.rules[ri]!.id)).toEqual(
      expect.arrayContaining(["private-keys-pem", "private-keys-openssh", "private-keys-putty"]),
    );
    for (const ri of byPrefix) {
      const rule = engine.rules[ri]!;
      const pieces = rule.examples.map((e, i) => expandFakes(e, `prefix:${rule.id}:${i}`));
      const parts = fc.oneof(
        fc.constantFrom(...pieces),
        // A piece cut short: a match's start with no end, before or inside another.
        fc.constantFrom(...pieces).map((p) => p.slice(0, p.length >> 1)),
        fc.constantFrom(rule.prefix!, rule.prefix!.toLowerCase(), " ", "\n", "-", "="),
        fc.stringMatching(/^[A-Za-z0-9+/]{1,40}$/),
      );
      fc.assert(
        fc.property(fc.array(parts, { maxLength: 10 }), (list) => {
          const text = list.join("");
          expect([rule.id, viaDetect(ri, text)]).toEqual([rule.id, reference(rule.regex, text)]);
        }),
        { numRuns: 80, seed: 11 },
      );
    }
  });

  it("starts the next try past the previous match, as a global scan does", () => {
    const base = ruleset.rules[0]!;
    const rule = {
      ...base,
      id: "overlap",
      prefix: undefined,
      key: undefined,
      regex: /(aba)/dg,
      keywords: ["ab"],
      multiline: false,
    };
    const own = buildEngine({ rules: [rule], byId: new Map([[rule.id, rule]]), global: ruleset.global });
    expect(own.anchors[0]).toBeDefined();
    const found = detect({ text: "ababa xaba abab", code: false }, own).map((c) => c.start);
    expect(found).toEqual(reference(rule.regex, "ababa xaba abab").map((s) => Number(s.split("-")[0])));
    expect(found).toEqual([0, 7, 11]);
    // The same where the prefix is looked for by hand (a look-around first, a keyword elsewhere).
    const led = { ...rule, id: "led", regex: /(?<!x)(aba)/dg, prefix: "aba", keywords: ["b"] };
    const ledEngine = buildEngine({ rules: [led], byId: new Map([[led.id, led]]), global: ruleset.global });
    expect(ledEngine.anchors[0]).toBeUndefined();
    expect(ledEngine.leads[0]?.prefix).toBe("aba");
    const text = "ababa xaba abab";
    const starts = detect({ text, code: false }, ledEngine).map((c) => c.start);
    expect(starts).toEqual(reference(led.regex, text).map((s) => Number(s.split("-")[0])));
    expect(starts).toEqual([0, 11]);
  });

  it("matches past the size where other rules scan only around their hits", () => {
    const ri = engine.rules.findIndex((r) => r.id === "airtable-personal-access-token");
    const token = expandFakes(engine.rules[ri]!.examples![0]!, "anchor:big");
    const text = `${"path = compat(x)\n".repeat(3000)}${token}\n${"patterns\n".repeat(500)}`;
    expect(text.length).toBeGreaterThan(16 * 1024);
    expect(viaDetect(ri, text)).toEqual(reference(engine.rules[ri]!.regex, text));
    expect(viaDetect(ri, text)).toHaveLength(1);
  });
});
