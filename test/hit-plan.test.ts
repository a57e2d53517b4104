/**
 * Hit plans (detect/hit-plan.ts): a text's keyword hits grouped by rule and its pair windows, worked
 * out by the reading thread for the files it hands over and by detect() for everything else. The
 * grouping is held to a plain one, and detect() gives the same candidates from a plan made elsewhere
 * as from the hits alone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detect, hitWindows } from "../src/detect/detect.js";
import { type HitTables, hitTables, PlanBuffer, planMany, planRules } from "../src/detect/hit-plan.js";
import { builtinEngine } from "./helpers.js";

const engine = builtinEngine();

/** What the rules part of a plan says: each rule with a hit, in order of its first, and its ends. */
function rulesOf(plan: ArrayLike<number>, at = 0): [number, number[]][] {
  const n = plan[at]!;
  const out: [number, number[]][] = [];
  let ends = at + 1 + 2 * n;
  for (let i = 0; i < n; i++) {
    const count = plan[at + 2 + 2 * i]!;
    out.push([plan[at + 1 + 2 * i]!, Array.from({ length: count }, (_, k) => plan[ends + k]!)]);
    ends += count;
  }
  return out;
}

/** The same, worked out the plain way: a list per rule, opened at its first hit. */
function plainRules(
  t: HitTables,
  found: readonly number[],
  only?: ReadonlySet<number>,
): [number, number[]][] {
  const byRule = new Map<number, number[]>();
  for (let k = 0; k < found.length; k += 2) {
    for (let j = t.ruleStart[found[k]!]!; j < t.ruleStart[found[k]! + 1]!; j++) {
      const r = t.ruleList[j]!;
      if (only && !only.has(r)) continue;
      const list = byRule.get(r) ?? [];
      list.push(found[k + 1]!);
      byRule.set(r, list);
    }
  }
  return [...byRule];
}

/** Small tables: keyword 0 enables rules 0 and 2, keyword 1 rule 2, keyword 2 none, keyword 3 rule 2 twice. */
const small = hitTables(
  ["aaaaa", "bbb", "cccc", "dd"],
  [[0, 2], [2], [], [2, 2]],
  [0, 0, 0, 0],
  [0, 0, 0, 0],
  3,
);

describe("hit plans", () => {
  it("group the hits by rule in the order of each rule's first hit, as a list per rule would", () => {
    const hits = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1_000_000 })), {
        maxLength: 400,
      })
      .map((pairs) => pairs.flat());
    const only = fc.option(
      fc.subarray([0, 1, 2]).map((rs) => new Set(rs)),
      { nil: undefined },
    );
    fc.assert(
      fc.property(hits, only, (found, filter) => {
        // A buffer that starts small grows; what was in it before the plan stays.
        const out = new PlanBuffer();
        out.buf = new Int32Array(2);
        out.push(-7);
        planRules("", found, small, out, [], [], filter);
        expect(out.buf[0]).toBe(-7);
        expect(rulesOf(out.buf.subarray(0, out.n), 1)).toEqual(plainRules(small, found, filter));
        // The end of the plan is where its last rule's ends stop.
        const rules = rulesOf(out.buf, 1);
        expect(out.n).toBe(2 + 2 * rules.length + rules.reduce((s, [, e]) => s + e.length, 0));
      }),
      { numRuns: 400, seed: 3 },
    );
  });

  it("hold the built-in rules' grouping, twice in a row (its scratch left clean)", () => {
    const text = 'api_key = "x" token ghp_ key ://a@b password: p TOKEN=abc\n'.repeat(40);
    const found = [...engine.matcher.scanHits(text)];
    expect(found.length).toBeGreaterThan(100);
    for (let round = 0; round < 2; round++) {
      const out = new PlanBuffer();
      planRules(text, found, engine.tables, out, [], []);
      expect(rulesOf(out.buf)).toEqual(plainRules(engine.tables, found));
    }
  });

  it("keep the keyed hits a value follows, and every scheme word's start and end", () => {
    const text = "token = abcdefgh\nthe token\nAuthorization: Bearer abcdefgh12345678\n";
    const found = engine.matcher.scanHits(text);
    const keyed: number[] = [];
    const words: number[] = [];
    planRules(text, found, engine.tables, new PlanBuffer(), keyed, words);
    expect(keyed).toContain(text.indexOf("token") + 5);
    expect(keyed).not.toContain(text.indexOf("the token") + 9);
    const bearer = text.indexOf("Bearer");
    expect(words).toEqual(expect.arrayContaining([bearer, bearer + 6]));
  });

  it("give detect() the same candidates made by a reading thread as made from the hits alone", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "api_key = ",
        "password: ",
        "DB_PASSWORD=",
        "token ",
        "--token ",
        "Authorization: Bearer ",
        '"client_secret": ',
        "secret_key",
        "tokens",
        "ghp_",
        "://user:",
        "@host",
        "\n",
        " ",
        '"',
        "'",
        ",",
      ),
      fc.stringMatching(/^[A-Za-z0-9_-]{4,40}$/),
    );
    const texts = fc.array(
      fc.array(piece, { minLength: 1, maxLength: 30 }).map((p) => p.join("")),
      {
        minLength: 1,
        maxLength: 4,
      },
    );
    let found = 0;
    fc.assert(
      fc.property(texts, (batch) => {
        // One batch of texts, planned together as the reading thread plans them.
        const offsets = new Int32Array(batch.length + 1);
        const hits = engine.matcher.scanHitsMany(batch, offsets);
        const planned = planMany(batch, hits, offsets, engine.tables);
        batch.forEach((text, k) => {
          const plan = planned.plans.subarray(planned.offsets[k]!, planned.offsets[k + 1]!);
          const own = detect({ text, code: false }, engine);
          expect(detect({ text, code: false, plan }, engine)).toEqual(own);
          expect(detect({ text, code: true, plan }, engine)).toEqual(detect({ text, code: true }, engine));
          found += own.length;
        });
      }),
      { numRuns: 400, seed: 12 },
    );
    expect(found).toBeGreaterThan(100); // texts with candidates were compared, not only empty ones
  });

  it("window a long line around its keyed hits in the plan as detect() does on its own", () => {
    const line = `${"x=1;".repeat(3000)}const api_key = "abcd1234efgh5678";${"y=2;".repeat(3000)}`;
    const text = `${line}\n${line}`;
    const offsets = new Int32Array(2);
    const hits = engine.matcher.scanHitsMany([text], offsets);
    const { plans } = planMany([text], hits, offsets, engine.tables);
    const own = detect({ text, code: true }, engine);
    expect(own.length).toBe(2);
    expect(detect({ text, code: true, plan: plans }, engine)).toEqual(own);
  });
});

describe("hit windows", () => {
  it("measure each text's own lines, whichever text or line was measured before", () => {
    const oneLine = "x".repeat(10_000);
    const lines = Array.from({ length: 100 }, () => `${"y".repeat(99)}\n`).join("");
    // A line longer than 4 KiB: 2 KiB either side of the hit.
    expect(hitWindows(oneLine, [5000])).toEqual([[2952, 7048]]);
    // The same offset in a text of 100-character lines: the hit's line and the lines either side.
    expect(hitWindows(lines, [5000])).toEqual([[4900, 5199]]);
    expect(hitWindows(lines, [5000, 150])).toEqual([
      [0, 299],
      [4900, 5199],
    ]);
    expect(hitWindows(oneLine, [9000, 100])).toEqual([
      [0, 2148],
      [6952, 10_000],
    ]);
  });

  it("reach 2 KiB past every hit of a long line, not only past the first", () => {
    const oneLine = "x".repeat(20_000);
    // The second hit is inside the first's window, 8 characters before its end.
    expect(hitWindows(oneLine, [5000, 7040])).toEqual([[2952, 9088]]);
    const bundle = [1, 2]
      .map((i) => `c("postgres://app${i}:Zq8xW3vB7nM2kL9pR${i}tY@db${i}.internal:5432/main");`)
      .join("x".repeat(1962));
    const text = `${"x".repeat(9000)};${bundle}${"x".repeat(20)}\n${"x".repeat(9000)}\n`;
    expect(detect({ text, code: true }, engine).map((c) => text.slice(c.start, c.end))).toEqual([
      "Zq8xW3vB7nM2kL9pR1tY",
      "Zq8xW3vB7nM2kL9pR2tY",
    ]);
  });
});

describe("pair windows", () => {
  it("read every assignment of a long line of them, wherever a window would end", () => {
    const tokens = Array.from(
      { length: 300 },
      (_, i) => `Qw${i}Er${(i * 7919) % 10007}Ty${"A1b2C3d4E5f6G7h8".slice(i % 8)}Zx`,
    );
    const text = `${tokens.map((t, i) => `var api_token_${i}="${t}";`).join("")}\n`;
    const found = detect({ text, code: true }, engine).map((c) => text.slice(c.start, c.end));
    expect(found).toEqual(tokens);
  });
});
