/**
 * The words a regex needs (regex-needs.ts) and the quick "no" for key names built on them
 * (name-grams.ts): a name that some keyed rule takes must never be turned away.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyFilter } from "../src/detect/keyed.js";
import { engineGrams, mayHold, nameGrams } from "../src/detect/name-grams.js";
import { fold, regexNeeds } from "../src/detect/regex-needs.js";
import { builtinEngine, ruleTakes } from "./helpers.js";

const needs = (source: string, flags = "i") => regexNeeds(new RegExp(source, flags));

/**
 * Texts a case-blind regex matches: fast-check draws matches of the case-sensitive regex, then each
 * letter's case is flipped or kept at random.
 */
function anyCase(re: RegExp): fc.Arbitrary<string> {
  return fc
    .tuple(fc.stringMatching(new RegExp(re.source)), fc.infiniteStream(fc.boolean()))
    .map(([s, flips]) => {
      const it = flips[Symbol.iterator]();
      return [...s]
        .map((c) => (it.next().value ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c))
        .join("");
    });
}

describe("the words a regex needs", () => {
  it("keeps a sequence's best word, unites an alternation's, and needs nothing of optional parts", () => {
    expect(needs("zendesk_?(?:api_?|access_?)?(?:token|key)")).toEqual(["zendesk"]);
    expect(needs("^(?:aws_?)?secret_?access_?key|aws_?secret$")).toEqual(["secretaccesskey", "awssecret"]);
    expect(needs("(?:datadog|dd)_?api_?key")).toEqual(["apikey"]);
    expect(needs("ab+c")).toEqual(["ab"]);
    expect(needs("x{2,}-y")).toEqual(["x"]);
    expect(needs("q?rst")).toEqual(["rst"]);
    expect(needs("(?:abc)*def")).toEqual(["def"]);
    expect(needs("[abc]xyz\\d+")).toEqual(["xyz"]);
    expect(needs("\\bkey\\b")).toEqual(["key"]);
    expect(needs("X-API-Key")).toEqual(["xapikey"]);
  });

  it("reads lookarounds: a positive one needs its words, a negative one nothing", () => {
    expect(needs("(?=[a-z]*token)[a-z]+")).toEqual(["token"]);
    expect(needs("(?<=passw)or")).toEqual(["passw"]);
    expect(needs("(?!secret)[a-z]+")).toBeNull();
    expect(needs("(?<!x)[a-z]+")).toBeNull();
  });

  it("knows nothing when any branch needs nothing, or of what it cannot read", () => {
    expect(needs("(?:^|_)(?:x|y)")).toEqual(["x", "y"]);
    expect(needs("token|")).toBeNull();
    expect(needs("token|_")).toBeNull();
    expect(needs(".{1,200}")).toBeNull();
    expect(needs("(a)\\1")).toEqual(["a"]);
    expect(needs("\\x41bc")).toEqual(["bc"]);
    expect(needs("\\u{41}bc", "iu")).toEqual(["bc"]);
    expect(needs("\\p{L}bc", "iu")).toEqual(["bc"]);
    expect(needs("\\cJab")).toEqual(["ab"]);
    expect(needs("[\\]x]yz")).toEqual(["yz"]);
    expect(needs("\\ntab")).toEqual(["tab"]);
    expect(needs("ſecret")).toEqual(["ecret"]);
    expect(needs("[a]", "v")).toBeNull();
  });

  it("folds to ASCII letters in lower case and digits", () => {
    expect(fold("AWS-Secret.Key_2")).toBe("awssecretkey2");
    expect(fold("é_x")).toBe("x");
  });

  // Regexes of the shapes key tests use, and texts that match them: every match holds a needed word.
  const atom: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom(
      "a",
      "B",
      "k",
      "e",
      "y",
      "_",
      "-",
      "\\.",
      "\\d",
      "\\w",
      ".",
      "[a-c]",
      "[_-]",
      "\\x41",
      "1",
    ),
    fc.stringMatching(/^[a-z]{2,5}$/),
  );
  const quantified = fc
    .tuple(atom, fc.constantFrom("", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,3}"))
    .map(([a, q]) => a + q);
  const regexArb: fc.Arbitrary<string> = fc.letrec<{ alt: string; seq: string; part: string }>((tie) => ({
    alt: fc.array(tie("seq"), { minLength: 1, maxLength: 3 }).map((xs) => xs.join("|")),
    seq: fc.array(tie("part"), { minLength: 1, maxLength: 5 }).map((xs) => xs.join("")),
    part: fc.oneof(
      { maxDepth: 2, withCrossShrink: true },
      quantified,
      fc.tuple(tie("alt"), fc.constantFrom("", "?", "{1,2}")).map(([a, q]) => `(?:${a})${q}`),
      tie("alt").map((a) => `(${a})`),
      fc.constantFrom("^", "$"),
    ),
  })).alt;

  it("never misses: every text a regex matches holds one of its words, and passes the name grams", () => {
    fc.assert(
      fc.property(
        regexArb.chain((src) => {
          const re = new RegExp(`^(?:${src})$`, "i");
          return fc.tuple(fc.constant(re), fc.array(anyCase(re), { minLength: 1, maxLength: 5 }));
        }),
        ([re, texts]) => {
          const words = regexNeeds(re);
          if (words === null) return;
          const grams = nameGrams(words);
          for (const text of texts) {
            if (!re.test(text)) continue;
            expect(words.some((w) => fold(text).includes(w))).toBe(true);
            expect(mayHold(grams, text)).toBe(true);
          }
        },
      ),
      { numRuns: 1000, seed: 26 },
    );
  });
});

describe("the quick no for key names", () => {
  const engine = builtinEngine();
  const grams = engineGrams(engine)!;
  const keyed = engine.rules.flatMap((r, i) => (r.key ? [i] : []));
  const takes = (name: string): boolean => keyed.some((ri) => ruleTakes(engine, ri, name));

  it("is known for the built-in rules, and turns away a dump's random names", () => {
    expect(grams).not.toBeNull();
    let turnedAway = 0;
    for (let i = 0; i < 2000; i++)
      if (!mayHold(grams, `n${((i * 2654435761) >>> 0).toString(36)}`)) turnedAway++;
    expect(turnedAway).toBeGreaterThan(1900);
    expect(mayHold(grams, "name")).toBe(false);
    expect(mayHold(grams, "DB_PASSWORD")).toBe(true);
    expect(mayHold(grams, "tökenß")).toBe(true);
  });

  it("lets through every name a keyed rule takes: names drawn from each rule's own key test", () => {
    // Both the engine-wide grams and each rule's own words (keyed.ts mayNeed) are on this path.
    const sources = engine.rules.flatMap((r) => (r.key ? [r.key] : [])).concat(engine.global.secretKey);
    const drawable = sources.filter((re) => {
      try {
        fc.sample(anyCase(re), 1);
        return true;
      } catch {
        return false;
      }
    });
    expect(drawable.length).toBeGreaterThan(50);
    const filter = keyFilter(engine, keyed);
    let drawnTaken = 0;
    for (const re of drawable) {
      for (const name of fc.sample(anyCase(re), { numRuns: 60, seed: 3 })) {
        if (!re.test(name)) continue;
        const taken = takes(name);
        if (taken) {
          expect([name, mayHold(grams, name)]).toEqual([name, true]);
          drawnTaken++;
        }
        // Asked once (takenOnce), then again (kept, rule by rule): the same answer both times.
        expect([name, filter(name), filter(name)]).toEqual([name, taken, taken]);
      }
    }
    expect(drawnTaken).toBeGreaterThan(2000);
  });

  it("answers as the rules do on names in every case and separator style", () => {
    const word = fc.constantFrom(
      "api",
      "Key",
      "TOKEN",
      "secret",
      "pass",
      "word",
      "id",
      "n1x",
      "x",
      "auth",
      "",
    );
    const sep = fc.constantFrom("", "_", "-", ".", " ");
    const name = fc
      .array(fc.tuple(word, sep), { minLength: 1, maxLength: 4 })
      .map((xs) => xs.flat().join(""));
    const filter = keyFilter(engine, keyed);
    fc.assert(
      fc.property(name, (n) => {
        expect([filter(n), filter(n)]).toEqual([takes(n), takes(n)]);
        if (takes(n)) expect(mayHold(grams, n)).toBe(true);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it("is not used when a keyed rule's need is not known: every name is then asked in full", () => {
    const rule = engine.rules.find((r) => r.key && !r.generic)!;
    const custom = { ...engine, rules: [...engine.rules, { ...rule, id: "custom-any", key: /^(?:.+)$/i }] };
    expect(engineGrams(custom)).toBeNull();
  });
});
