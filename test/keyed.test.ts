/**
 * Keyed rules' name tests are answered once per name and rule and kept, two bits a rule, in a few words
 * per name: each answer kept must be the one the rule's own test gives, whichever rules were asked
 * before it about the same name, and in whatever order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type KeyFilter, pairsFromText } from "../src/detect/assign.js";
import { keyFilter } from "../src/detect/keyed.js";
import { builtinEngine, ruleTakes } from "./helpers.js";

describe("keyed rules' name verdicts", () => {
  const engine = builtinEngine();
  const keyed = engine.rules.flatMap((r, i) => (r.key ? [i] : []));
  /** What rule `ri` says of `name`, asked afresh. */
  const takes = (ri: number, name: string): boolean => ruleTakes(engine, ri, name);
  // Names the built-in keyed rules take, from the first of them to the last (so from every word of
  // verdicts), and names none takes.
  const names = [
    "AI21_API_KEY",
    "algolia_admin_api_key",
    "AWS_SECRET_ACCESS_KEY",
    "aws_session_token",
    "CLOUDFLARE_API_TOKEN",
    "cf-access-client-secret",
    "DD_API_KEY",
    "private_key_id",
    "db_password",
    "client_secret",
    "GITHUB_CLIENT_SECRET",
    "heroku_api_key",
    "OPENAI_API_KEY",
    "pagerduty_api_key",
    "RAILWAY_TOKEN",
    "SUPABASE_SERVICE_ROLE_KEY",
    "twilio_auth_token",
    "VAULT_TOKEN",
    "zendesk_api_token",
    "name",
    "value",
    "tokenCache",
    "n7f3kq2",
  ];

  it("spans more than one word of verdicts (the built-in rules have dozens of keyed rules)", () => {
    expect(keyed.length).toBeGreaterThan(30);
    const taken = keyed.map((ri, place) => [place, names.some((n) => takes(ri, n))] as const);
    const places = taken.filter(([, yes]) => yes).map(([place]) => place);
    expect(places.length).toBeGreaterThan(15);
    expect(Math.min(...places)).toBe(0);
    expect(Math.max(...places)).toBe(keyed.length - 1);
  });

  it("answers as the rules' own tests do, one rule or many at a time, in any order", () => {
    const subset = fc.subarray(keyed, { minLength: 1, maxLength: 6 });
    const asks = fc.array(fc.tuple(subset, fc.constantFrom(...names)), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(asks, (list) => {
        for (const [rules, name] of list) {
          // One filter per ask: its answer for a name comes from the verdicts kept for each rule.
          expect(keyFilter(engine, rules)(name)).toBe(rules.some((ri) => takes(ri, name)));
        }
      }),
      { numRuns: 400, seed: 11 },
    );
    // Every rule alone, on every name, after all the asks above filled the verdicts.
    for (const ri of keyed)
      for (const name of names)
        expect([ri, name, keyFilter(engine, [ri])(name)]).toEqual([ri, name, takes(ri, name)]);
  });

  it("turns down before a name is cut from its text only names the filter turns down", () => {
    // mayTakeIn reads the name where it is written: a false there must be the filter's own answer.
    const filter = keyFilter(engine, keyed);
    expect(filter.mayTakeIn).toBeDefined();
    const word = fc.constantFrom(
      "api",
      "key",
      "token",
      "secret",
      "pass",
      "n7f3",
      "value",
      "x",
      "_",
      "-",
      "é",
    );
    const name = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(""));
    fc.assert(
      fc.property(name, fc.string({ maxLength: 4 }), (n, around) => {
        const text = `${around}${n}${around}`;
        const at = around.length;
        if (!filter.mayTakeIn!(text, at, at + n.length)) expect(filter(n), n).toBe(false);
      }),
      { numRuns: 2000, seed: 5 },
    );
    for (const n of names) if (filter(n)) expect(filter.mayTakeIn!(`"${n}"`, 1, n.length + 1), n).toBe(true);
    // A dump's random row names: turned down where they are written.
    expect(filter.mayTakeIn!('{"name":"n7f3kq2"}', 9, 16)).toBe(false);
  });

  it("finds the same quoted pairs in text whether names are turned down where written or whole", () => {
    // pairsFromText asks mayTakeIn before it cuts a quoted assignment's name (the whole name as written,
    // `process.env.` and all, where the key kept drops that).
    const filter = keyFilter(engine, keyed);
    const whole = ((key: string) => filter(key)) as KeyFilter;
    const name = fc.constantFrom(...names, "name", "value", "id", "n7f3kq2", "url", "apiKey", "x");
    const prefix = fc.constantFrom("", "process.env.", "import.meta.env.", "cfg.");
    const shape = fc.constantFrom('"%n": "%v"', "%n = '%v'", "%n: `%v`", '%n => "%v"', '"%n":"%v",');
    const pair = fc
      .tuple(prefix, name, shape, fc.stringMatching(/^[A-Za-z0-9_.-]{1,24}$/))
      .map(([p, n, sh, v]) => sh.replace("%n", `${p}${n}`).replace("%v", v));
    fc.assert(
      fc.property(
        fc.array(pair, { minLength: 1, maxLength: 12 }),
        fc.constantFrom("\n", ", ", " "),
        (ps, sep) => {
          const text = ps.join(sep);
          const code = text.length % 2 === 0;
          expect(pairsFromText(text, 0, text.length, { code, wanted: filter })).toEqual(
            pairsFromText(text, 0, text.length, { code, wanted: whole }),
          );
        },
      ),
      { numRuns: 1500, seed: 9 },
    );
    const env = 'process.env.GITHUB_CLIENT_SECRET = "s3cr3tvalue";';
    expect(pairsFromText(env, 0, env.length, { code: true, wanted: filter }).map((p) => p.key)).toEqual([
      "GITHUB_CLIENT_SECRET",
    ]);
  });

  it("answers the same while names come and go: asked once, asked again, and past both caches' sizes", () => {
    // A name asked once leaves only its fingerprint (in one of 16,384 slots, which later names take
    // over); asked again, it is kept, until 20,000 are and they start over. Answers must not depend on
    // whether a name's verdicts were kept, judged afresh, or kept after its slot was taken.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const parts = ["api", "key", "token", "secret", "db", "password", "user", "id", "x"];
    const seen: string[] = [];
    const ask = (name: string) => {
      const which = rnd() < 0.5 ? keyed.slice(0, 8) : [pick(keyed), pick(keyed)];
      expect(keyFilter(engine, which)(name)).toBe(which.some((ri) => takes(ri, name)));
    };
    for (let i = 0; i < 30_000; i++) {
      const name = `${pick(parts)}_${pick(parts)}_${i.toString(36)}`;
      seen.push(name);
      ask(name);
      // Most names are asked again at once (kept from then on); then a name asked before, soon after
      // (its fingerprint still in its slot) or long after (kept no more), or one of the names above.
      if (rnd() < 0.8) ask(name);
      const back = rnd() < 0.5 ? 1 + Math.floor(rnd() * 200) : 1 + Math.floor(rnd() * i);
      ask(rnd() < 0.1 ? pick(names) : seen[Math.max(0, i - back)]!);
    }
    for (const name of names)
      for (const ri of keyed)
        expect([ri, name, keyFilter(engine, [ri])(name)]).toEqual([ri, name, takes(ri, name)]);
  });
});
