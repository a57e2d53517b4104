/** Key/value extraction from free text: the quoted-assignment search that skips ahead is exact. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CALL_ARGS,
  eachCallArgs,
  eachQuoted,
  eachTyped,
  eachUnquoted,
  pairsFromText,
  QUOTED,
  TYPED,
  UNQUOTED,
} from "../src/detect/assign.js";
import { pairsFromSpans } from "../src/detect/assign-spans.js";
import { buildEngine } from "../src/detect/engine.js";
import { normalizeAscii, normalizeByRegex, normalizeKey } from "../src/detect/key-name.js";
import { eachSchemeHeader, hasSchemeSite, SCHEME_WORDS, schemeSiteIn } from "../src/detect/scheme-header.js";
import { loadRuleset } from "../src/rules/load.js";
import { annotate } from "../src/structure/index.js";
import { listOf } from "../src/util/span-list.js";
import { withV8Natives } from "./helpers.js";

/** Every match of `regex` in `s` by a plain global scan, as "index:text". */
function plain(s: string, regex: RegExp): string[] {
  const re = new RegExp(regex.source, regex.flags);
  const out: string[] = [];
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(`${m.index}:${m[0]}`);
  return out;
}

/** What a search through `each` finds in `s`, in plain()'s form. */
function found(each: (s: string, fn: (m: RegExpExecArray) => void) => void, s: string): string[] {
  const out: string[] = [];
  each(s, (m) => out.push(`${m.index}:${m[0]}`));
  return out;
}

/**
 * Asserts that `each`, in every string `arb` makes (its pieces joined), finds what a plain scan with
 * `regex` finds; returns those strings, for the caller to check that they hold matches.
 */
function asPlainNearSites(
  arb: fc.Arbitrary<readonly (readonly string[])[]>,
  each: (s: string, fn: (m: RegExpExecArray) => void) => void,
  regex: RegExp,
  numRuns: number,
  seed: number,
): string[] {
  const joined = (pieces: readonly (readonly string[])[]) => pieces.map((p) => p.join("")).join("");
  fc.assert(
    fc.property(arb, (pieces) => {
      const s = joined(pieces);
      expect(found(each, s)).toEqual(plain(s, regex));
    }),
    { numRuns, seed },
  );
  return fc.sample(arb, { numRuns, seed }).map(joined);
}

/** Every QUOTED match in `s` by a plain global scan, as "name@where=value@where". */
function plainQuoted(s: string): string[] {
  const re = new RegExp(QUOTED.source, QUOTED.flags);
  const out: string[] = [];
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const name = m.index + (/["'`]/.test(m[0][0]!) ? 1 : 0);
    const valueTo = m.index + m[0].length - 1;
    out.push(`${m[1]}@${name}=${m[3]}@${valueTo - m[3]!.length}`);
  }
  return out;
}

/** The same, as eachQuoted finds them (by hand where it can, else by the regex near each site). */
function skipping(s: string): string[] {
  const out: string[] = [];
  eachQuoted(s, (nameFrom, nameTo, valueFrom, valueTo) =>
    out.push(`${s.slice(nameFrom, nameTo)}@${nameFrom}=${s.slice(valueFrom, valueTo)}@${valueFrom}`),
  );
  return out;
}

const piece = fc.oneof(
  fc.constantFrom('"', "'", "`", "\\", "=", ":", "=>", ":=", "??=", "||=", "==", "]", "[", " ", "  ", "\t"),
  fc.constantFrom("r", "b", "f", "rb", "u", "$", "@", ".", "-", "_", ",", "\n", "\u00a0", "é"),
  fc.constantFrom("\r", "\u2028"),
  fc.constantFrom("apiKey", "token", "x", "const ", "password", "a".repeat(99), "b".repeat(120)),
  fc.string({ maxLength: 5 }),
);

describe("quoted assignments", () => {
  /** Texts of `parts` joined find what a plain global scan finds (3,000 of them, from `seed`). */
  const asPlainScan = (parts: fc.Arbitrary<string[]>, seed: number) =>
    fc.assert(
      fc.property(parts, (p) => {
        const s = p.join("");
        expect(skipping(s)).toEqual(plainQuoted(s));
      }),
      { numRuns: 3000, seed },
    );

  it("finds exactly the matches of a plain global scan", () => {
    asPlainScan(fc.array(piece, { maxLength: 40 }), 11);
  });

  /**
   * Entries in the shapes eachQuoted reads by hand (`"name": "value",`, `name = 'value';`,
   * `this.key => "value"`), each part sometimes replaced by one that makes another shape, which it
   * leaves to the regex.
   */
  const quote = fc.constantFrom('"', '"', '"', "'", "`", "", "", "x");
  const blanks = fc.constantFrom("", "", " ", "\t", "  ", " ".repeat(8), " ".repeat(9), "\n", "\u00a0");
  const entry = fc.tuple(
    quote,
    fc.oneof(
      fc.constantFrom("name", "apiKey", "1st", "-x", "$ref", "@id", "a.b-c", "é", "", "this.key", "Foo::bar"),
      fc.constantFrom("x::y", "2fa", ".x", "a..b", "-", "$", "@", "a$b", "1$b", "a@b", "ab_1", "é-x", "x-é"),
      fc.constantFrom(
        "x".repeat(101),
        "x".repeat(102),
        "a.".repeat(60),
        `${"x".repeat(60)}.${"y".repeat(60)}`,
      ),
    ),
    quote,
    blanks,
    fc.constantFrom(
      ":",
      ":",
      ":",
      "=",
      "=",
      "::",
      ":=",
      "]:",
      "",
      "=>",
      "==",
      "+=",
      "??=",
      "||=",
      "->",
      ": =",
      ">",
    ),
    blanks,
    fc.constantFrom("", "", "r", "rb"),
    quote,
    fc.array(
      fc.constantFrom(
        "v",
        "v",
        '\\"',
        "\\\\",
        "\\\n",
        "\\\r",
        "\\\u2028",
        "\\",
        "\n",
        "\r",
        "\u2028",
        "'",
        '"',
        "é",
      ),
      { maxLength: 6 },
    ),
    fc.constantFrom("", "v".repeat(500), "v".repeat(994)),
    quote,
    fc.constantFrom(",", ",", "}", "", " ", "\n", "{"),
  );

  it("reads JSON's shapes by hand exactly as the regex does", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const s = entries.map((e) => e.flat().join("")).join("");
        expect(skipping(s)).toEqual(plainQuoted(s));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  /**
   * Code where values open after operators no match can end (`===`, `!=`, `<=`, `+=`, a tag's `>`),
   * after string prefixes, blanks of every kind and names QUOTED reads but the hand reader does not:
   * the sites passed over and the matches tried in place must be a plain scan's.
   */
  const codePiece = fc.oneof(
    fc.constantFrom(
      " === ",
      "===",
      " !== ",
      "!=",
      " == ",
      "<=",
      ">=",
      "+=",
      "-=",
      "&&=",
      "??=",
      "||=",
      "=>",
      ">",
    ),
    fc.constantFrom(
      ":",
      " : ",
      "::",
      "=",
      " = ",
      ":=",
      "?",
      "|",
      "]",
      ")",
      "(",
      "[",
      "<b>",
      "</b>",
      "-",
      ".",
    ),
    fc.constantFrom('"', "'", "`", '"', "'", "r", "rb", "f", "u", "b"),
    fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u3000", "\u2028", " ".repeat(8), " ".repeat(9)),
    fc.constantFrom("x", "key", "apiKey", "a.b", "$x", "@y", "x-y", "_", "1", "é", "x".repeat(100), "value"),
  );

  it("passes over sites no match uses, and tries the regex in place elsewhere, as a plain scan", () => {
    asPlainScan(fc.array(codePiece, { maxLength: 60 }), 23);
  });

  /**
   * Typed declarations (`name: Type<A, B>[] | undefined = "v"`, `var x *T = "v"`, `$var`) of every length
   * up to the search's reach, mixed with code that holds their sites without them: searched for near
   * each site, they are exactly a plain scan's matches.
   */
  const typedEntry = fc.tuple(
    fc.constantFrom("", "const ", "let ", "val ", "pub ", "x", "(", "$"),
    fc.constantFrom(
      "apiKey",
      "x",
      "$var",
      "var tok ",
      "var",
      "xvar ",
      "_a",
      "é",
      "1a",
      "a".repeat(101),
      "F.B",
    ),
    fc.constantFrom(": ", ":", "?: ", " : ", ": &'static ", "?    :    &'static    ", "::", " ", "\n", ""),
    fc.constantFrom("string", "str", "Option<String>", "T[]", "[2]int", "*T", "", "<", "x".repeat(41)),
    fc.constantFrom("", "<K, V>", `<${"K, V".repeat(15)}>`, `[${"1, 2".repeat(15)}]`, "[]", "?"),
    fc.constantFrom("", "", " | undefined", "|null", " | a | b | c | d", `  |  ${"y".repeat(41)}`.repeat(3)),
    fc.constantFrom(" = ", "=", "==", " === ", "= ", "    =    ", "=>", " += "),
    fc.constantFrom('"v"', "'secret'", '"a\\"b"', "`t`", '"', "''", '"\n"', "x"),
    fc.constantFrom(";", ",", ")", "{", "\n", " // ", ""),
  );

  it("finds typed declarations near their sites exactly as a plain scan does", () => {
    const strings = asPlainNearSites(fc.array(typedEntry, { maxLength: 12 }), eachTyped, TYPED, 3000, 31);
    // Some of these strings must hold matches, or the test proves nothing.
    expect(strings.filter((t) => plain(t, TYPED).length > 0).length).toBeGreaterThan(500);
    expect(found(eachTyped, 'const apiKey: string | undefined = "v1"; var tok *T = "v2"')).toEqual([
      '6:apiKey: string | undefined = "v1"',
      '41:var tok *T = "v2"',
    ]);
  });

  /**
   * A call's two string arguments and a pair's two items (`f("api_key", "v")`), mixed with what holds
   * their comma without them: a JSON row's value and next key, names and values at their longest and one
   * past it, blanks of every kind and count, a colon as far after the value as the regex looks and
   * beyond. Searched for near their sites, they are exactly a plain scan's matches.
   */
  const callPiece = fc.tuple(
    fc.constantFrom('"', '"', "'", "", "x", "(", "[", "{"),
    fc.constantFrom(
      "api_key",
      "api_key",
      "x-y",
      "k",
      "1a",
      "é",
      "a".repeat(101),
      "a".repeat(100),
      "value",
      "",
    ),
    fc.constantFrom('"', '"', "'", "", "]"),
    fc.constantFrom(",", ",", ", ", " , ", "    ,    ", "     ,", ",     ", "\n,\n", "\u00a0,", ":", ""),
    fc.constantFrom('"', '"', "'", "", "`"),
    fc.constantFrom("v", "v", "secret value", "a,b", "", "x".repeat(1000), "x".repeat(1001), "a\nb", "é"),
    fc.constantFrom('"', '"', "'", "", "`"),
    fc.constantFrom("", ":", " :", `${" ".repeat(64)}:`, `${" ".repeat(65)}:`, ",", ")", "\n:", "}"),
  );

  /** A piece that is a match on its own, unless what follows it or comes before it joins in. */
  const callArgs = fc
    .tuple(
      fc.constantFrom('"', "'"),
      fc.constantFrom("api_key", "x-y", "Ab", "a".repeat(100)),
      fc.constantFrom(",", ", ", "    ,    ", "\n,"),
      fc.constantFrom('"', "'"),
      fc.constantFrom("v", "secret value", "a,b", "x".repeat(1000)),
      fc.constantFrom("", ")", ";", `${" ".repeat(65)}:`, "\n"),
    )
    .map(([q, name, comma, q2, value, after]) => ["", q, name, q, comma, q2, value, q2 + after]);

  it("finds a call's string arguments near their sites exactly as a plain scan does", () => {
    const near = (s: string) => found(eachCallArgs, s);
    const arb = fc.array(fc.oneof(callPiece, callArgs), { maxLength: 16 });
    const strings = asPlainNearSites(arb, eachCallArgs, CALL_ARGS, 4000, 47);
    // Some of these strings must hold matches, and some sites none, or the test proves nothing.
    expect(strings.filter((t) => plain(t, CALL_ARGS).length > 0).length).toBeGreaterThan(500);
    expect(strings.filter((t) => plain(t, CALL_ARGS).length > 1).length).toBeGreaterThan(100);
    const row = '[{"id":0,"name":"clientToken","value":"model"},{"id":1,"name":"x","value":"y"}]';
    expect(near(row)).toEqual([]);
    expect(near(`${row} set("api_key", "v1"); f('ab','cd', "ef", "gh")`)).toEqual([
      '84:"api_key", "v1"',
      "104:'ab','cd'",
      '115:"ef", "gh"',
    ]);
  });

  it("reads a name that opens at a comparison's quote, and a tag's text after `>`", () => {
    expect(skipping('if (a === "x": "v")')).toEqual(plainQuoted('if (a === "x": "v")'));
    expect(skipping('if (a === "x": "v")')).toEqual(["x@11=v@16"]);
    expect(skipping('<b>"token": "abc"</b>')).toEqual(["token@4=abc@13"]);
    expect(skipping('a += "b"; c = "d"')).toEqual(["c@10=d@15"]);
    expect(skipping('x["k"] = "v"; y !== \'z\'')).toEqual(plainQuoted('x["k"] = "v"; y !== \'z\''));
  });

  it("ends a value at its 1000th unit, an escape being one", () => {
    const at = (units: string) => skipping(`{"token": "${units}"}`).map((m) => m.length);
    expect(at("v".repeat(1000))).toHaveLength(1);
    expect(at("v".repeat(1001))).toEqual([]);
    expect(at(`${'\\"'.repeat(500)}`)).toHaveLength(1);
    expect(skipping(`{"token": "${"v".repeat(1001)}"}`)).toEqual(
      plainQuoted(`{"token": "${"v".repeat(1001)}"}`),
    );
  });

  it("finds a match whose operator ends as far from its start as a match allows", () => {
    const name = `k${"e".repeat(100)}`;
    const s = `${"x = y; ".repeat(40)}"${name}"]${" ".repeat(8)}??= r"value"`;
    expect(skipping(s)).toEqual(plainQuoted(s));
    expect(skipping(s)).toHaveLength(1);
    const pairs = pairsFromText(s, 0, s.length, { code: true });
    expect(pairs.map((p) => [p.key, p.value])).toEqual([[name, "value"]]);
  });

  it("finds it after the longest place a value can open (blanks and a two-letter prefix)", () => {
    // The search starts from where that place ends: its length is part of how far back to go.
    const name = `k${"e".repeat(100)}`;
    const s = `${"x = y; ".repeat(40)}"${name}"]${" ".repeat(8)}??=${" ".repeat(8)}rb"value"`;
    expect(skipping(s)).toEqual(plainQuoted(s));
    expect(skipping(s)).toHaveLength(1);
  });
});

describe("unquoted assignments", () => {
  /** A match as what pairsFromText takes from it: name, value, and where the value ends. */
  const pairs = (found: RegExpExecArray[]) => found.map((m) => `${m[1]}=${m[2]}@${m.index + m[0].length}`);
  const global = (s: string) => {
    const re = new RegExp(UNQUOTED.source, UNQUOTED.flags);
    const out: RegExpExecArray[] = [];
    for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m);
    return out;
  };
  const skippingBare = (s: string) => {
    const out: RegExpExecArray[] = [];
    eachUnquoted(s, (m) => out.push(m));
    return out;
  };
  const bare = fc.oneof(
    fc.constantFrom(
      ...["=", ":", " ", "  ", "\t", "\n", "\u00a0", '"', "'"],
      ..."# ; , ( ) - . $ _".split(" "),
    ),
    fc.constantFrom("export", "export ", "set ", "set", "ENV ", "TOKEN", "api_key", "x", "a.b-c", "é"),
    // Assignment shapes, so that most texts hold matches.
    fc.constantFrom("key=abcd1234", " db.pass: hunter22", "A_B = zzzz9999", "token abcdefghijklmnopqrstu "),
    fc.constantFrom(
      ..."abcZ".split("").map((c, k) => c.repeat([100, 101, 102, 24][k]!)),
      "0123456789abcdefghijK",
    ),
    fc.string({ maxLength: 4 }),
  );

  it("reads exactly the names, values and ends of a plain global scan", () => {
    let matched = 0;
    fc.assert(
      fc.property(fc.array(bare, { maxLength: 40 }), (parts) => {
        const s = parts.join("");
        const got = pairs(skippingBare(s));
        expect(got).toEqual(pairs(global(s)));
        matched += got.length;
      }),
      { numRuns: 4000, seed: 23 },
    );
    expect(matched).toBeGreaterThan(3000);
  });

  it("starts where the plain scan does, except inside a leading export or set", () => {
    const texts = fc
      .array(bare, { maxLength: 30 })
      .map((parts) => parts.join(""))
      .filter((s) => !/export|set/.test(s));
    let matched = 0;
    fc.assert(
      fc.property(texts, (s) => {
        const got = skippingBare(s).map((m) => `${m.index}:${m[0]}`);
        expect(got).toEqual(global(s).map((m) => `${m.index}:${m[0]}`));
        matched += got.length;
      }),
      { numRuns: 2000, seed: 29 },
    );
    expect(matched).toBeGreaterThan(1000); // texts with matches were compared, not only empty ones
  });

  it("finds a name as far before its operator as a match allows, and a long export's name", () => {
    const name = `K${"e".repeat(100)}`;
    const s = `${'{"a":1,"b":2}'.repeat(20)} ${name}${" ".repeat(8)}= value1 export${" ".repeat(300)}TOKEN=abcd`;
    expect(pairs(skippingBare(s))).toEqual([
      `${name}=value1@${s.indexOf("value1") + 6}`,
      `TOKEN=abcd@${s.length}`,
    ]);
    expect(pairs(skippingBare(s))).toEqual(pairs(global(s)));
    expect(plain(s, UNQUOTED)[1]).toMatch(/^\d+:export +TOKEN=abcd$/);
  });
});

describe("pairs kept by a key filter", () => {
  // Names a filter keeps or not, the way a keyed rule passes `apiKey` and not `name`.
  const keep = (key: string) => /key|token|secret/i.test(key);
  const shown = (pairs: readonly { key: string; value: string; start: number }[]) =>
    pairs.map((p) => `${p.key}=${p.value}@${p.start}`);

  it("builds from free text exactly the unfiltered pairs whose name it keeps", () => {
    const shape = fc.constantFrom(
      'apiKey = "abcd1234"',
      "name: 'clientToken'",
      'set("secretKey", "hunter22")',
      '"value", "other1"',
      "--token=abcdefgh",
      "--name abcdefgh",
      "export API_TOKEN=zzzz9999",
      "HOST=example.org",
      "Authorization: Bearer abcdefghijkl",
      "ENV SECRET_KEY value1234",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(shape, piece), { maxLength: 20 }), fc.boolean(), (parts, code) => {
        const s = parts.join(" ");
        const all = pairsFromText(s, 0, s.length, { code });
        const kept = pairsFromText(s, 0, s.length, { code, wanted: keep });
        expect(shown(kept)).toEqual(shown(all.filter((p) => keep(p.key))));
      }),
      { numRuns: 1500, seed: 5 },
    );
  });

  it("takes a call's strings or a pair's, not two neighbours in a list of strings nor a JSON value and key", () => {
    const pairsOf = (s: string) =>
      pairsFromText(s, 0, s.length, { code: true }).map((p) => `${p.key}=${p.value}`);
    expect(pairsOf('cfg.set("secretKey", "hunter22")')).toEqual(["secretKey=hunter22"]);
    expect(pairsOf('env = ["API_TOKEN", "zzzz9999zz"]')).toEqual(["API_TOKEN=zzzz9999zz"]);
    expect(pairsOf("headers = [\n  ('X-Api-Key', 'zzzz9999zz'),\n]")).toEqual(["X-Api-Key=zzzz9999zz"]);
    // A call's arguments after others, or before another string, are still a call's.
    expect(pairsOf('os.environ.setdefault(env, "API_TOKEN", "zzzz9999zz")')).toEqual([
      "API_TOKEN=zzzz9999zz",
    ]);
    expect(pairsOf('put("API_TOKEN", "zzzz9999zz", "prod")')).toEqual(["API_TOKEN=zzzz9999zz"]);
    expect(pairsOf('["a1", "b2", "c3", "d4"]')).toEqual([]);
    // A window of a long line cut between two items: what comes before and after it still counts.
    const line = "X = {'AAAA1', 'BBBB2', 'CCCC3', 'DDDD4'}";
    const from = line.indexOf("'CCCC3'");
    expect(pairsFromText(line, from, line.indexOf("}"), { code: true })).toEqual([]);
    // Items of a set or list: every neighbouring two look like a call's arguments.
    expect(
      pairsOf("NAMES = {'ASPasswordCredential', 'ASWebAuthenticationSession', 'ASAuthorization'}"),
    ).toEqual([]);
    expect(pairsOf('__all__ = [\n  "OAuth",\n  "DjangoOAuth1App",\n  "DjangoOAuth2App",\n]')).toEqual([]);
    // A tuple of exported names is no pair; any other tuple of two strings may be one.
    expect(pairsOf("__all__ = ('V3Saml2Password', 'V3ADFSPassword')")).toEqual([]);
    expect(pairsOf("__all__ += ('Saml2Password',\n  'ADFSPassword')")).toEqual([]);
    expect(pairsOf("auth = ('API_TOKEN', 'zzzz9999zz')")).toEqual(["API_TOKEN=zzzz9999zz"]);
    // A JSON row: a value, then the next key (blanks before its colon too).
    expect(pairsOf('[{"id":1,"name":"clientToken","value":"prompt1"}]')).toEqual([
      "name=clientToken",
      "value=prompt1",
    ]);
    expect(pairsOf('{"name" : "clientToken" ,\n  "value"  :  "prompt1"}')).toEqual([
      "name=clientToken",
      "value=prompt1",
    ]);
    // A window that ends before the colon: what comes after it still counts.
    const row = '{"name":"clientToken","value":"prompt1"}';
    expect(pairsFromText(row, 0, row.indexOf(":", 20), { code: false }).map((p) => p.key)).toEqual(["name"]);
  });

  it("holds a filter for its own call only, and appends to the array it is given", () => {
    const s = 'user = "alice1234"\ntoken = "zzzz9999zz"';
    const named = (ps: readonly { key: string; value: string; start: number }[]) =>
      ps.map((p) => `${p.key}=${p.value}@${p.start}`);
    expect(named(pairsFromText(s, 0, s.length, { code: true, wanted: (k) => k === "token" }))).toEqual([
      "token=zzzz9999zz@28",
    ]);
    // The next call has no filter: both pairs.
    const out = pairsFromText(s, 0, 18, { code: true });
    expect(named(out)).toEqual(["user=alice1234@8"]);
    // Appended, offsets still in `s`.
    expect(pairsFromText(s, 19, s.length, { code: true }, out)).toBe(out);
    expect(named(out)).toEqual(["user=alice1234@8", "token=zzzz9999zz@28"]);
  });

  it("filters structured pairs by the name they end up under (sibling names, flags, KEY=VALUE items)", () => {
    const text = `env:
  - name: API_TOKEN
    value: tok-123456
  - name: HOSTNAME
    value: example.org
args: ["--api-key", "abcd1234", "--port", "8080", "SECRET_KEY=zzzz9999", "MODE=production"]
token: plain-token-value
title: a title here
`;
    const spans = listOf(annotate(text, "yaml"));
    const all = pairsFromSpans(text, spans);
    expect(all.map((p) => p.key)).toEqual([
      "name",
      "API_TOKEN",
      "name",
      "HOSTNAME",
      "api-key",
      "port",
      "SECRET_KEY",
      "MODE",
      "token",
      "title",
    ]);
    const kept = pairsFromSpans(text, spans, keep);
    expect(shown(kept)).toEqual(shown(all.filter((p) => keep(p.key))));
    expect(kept.map((p) => p.key)).toEqual(["API_TOKEN", "api-key", "SECRET_KEY", "token"]);
  });
});

describe("a value's name beside it in its object", () => {
  it("is found past the spans of a nested object between them, and only in its own object", () => {
    const json = `{"env": [
  {"value": "tok-123456", "meta": {"x": "yyyy"}, "name": "API_TOKEN"},
  {"default": "degree", "kind": {"a": "bbbb", "name": "INNER_NAME"}},
  {"value": "plain-value"}
]}`;
    const yaml = `env:
  - value: tok-123456
    meta: {x: yyyy}
    name: API_TOKEN
  - default: degree
    kind: {a: bbbb, name: INNER_NAME}
  - value: plain-value
`;
    for (const [text, format] of [
      [json, "json"],
      [yaml, "yaml"],
    ] as const) {
      const pairs = pairsFromSpans(text, listOf(annotate(text, format)));
      expect(
        pairs.map((p) => `${p.key}=${p.value}`),
        format,
      ).toEqual([
        "API_TOKEN=tok-123456",
        "x=yyyy",
        "name=API_TOKEN",
        "default=degree",
        "a=bbbb",
        "name=INNER_NAME",
        "value=plain-value",
      ]);
    }
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

  it("tells from the automaton's scheme-word hits whether a window holds a scheme site, as the regex does", () => {
    const engine = buildEngine(loadRuleset([]).ruleset);
    // The scheme words as detect() collects them: a start and an end for each hit of one.
    const words = (s: string): number[] => {
      const out: number[] = [];
      const hits = engine.matcher.scanHits(s);
      for (let k = 0; k < hits.length; k += 2) {
        const kw = hits[k]!;
        if (engine.tables.scheme[kw] === 1)
          out.push(hits[k + 1]! - engine.matcher.keywords[kw]!.length, hits[k + 1]!);
      }
      return out;
    };
    const flagged = engine.matcher.keywords.filter((_, k) => engine.tables.scheme[k] === 1);
    expect([...flagged].sort()).toEqual([...SCHEME_WORDS].sort());
    // Scheme words in any case, inside longer words, after blanks of every kind (no-break, line and
    // ideographic spaces count as `\s`), quotes and separators.
    const cased = fc
      .tuple(
        fc.constantFrom(...SCHEME_WORDS, "robot", "xbearer", "tokens", "sso_key"),
        fc.array(fc.boolean()),
      )
      .map(([w, up]) =>
        [...w].map((c, i) => (up[i % Math.max(1, up.length)] ? c.toUpperCase() : c)).join(""),
      );
    const bit = fc.oneof(
      header,
      cased,
      fc.constantFrom(
        ":",
        "=",
        '"',
        "'",
        "`",
        " ",
        "\t",
        "\n",
        "\u00a0",
        "\u2028",
        "\u3000",
        "\ufeff",
        "x",
        "-",
      ),
    );
    fc.assert(
      fc.property(
        fc.array(bit, { maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 8 }),
        (bits, cuts) => {
          const s = bits.join("");
          const w = words(s);
          expect(schemeSiteIn(s, 0, s.length, w)).toBe(hasSchemeSite(s));
          const at = cuts.map((c) => c % (s.length + 1)).sort((a, b) => a - b);
          for (let i = 0; i + 1 < at.length; i++) {
            const [from, to] = [at[i]!, at[i + 1]!];
            // As extractPairs passes them: the words ending before the window skipped.
            let first = 0;
            while (first < w.length && w[first + 1]! < from) first += 2;
            expect(schemeSiteIn(s, from, to, w, first), `${JSON.stringify(s)} [${from}, ${to})`).toBe(
              hasSchemeSite(s.slice(from, to)),
            );
          }
        },
      ),
      { numRuns: 3000, seed: 11 },
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

describe("pair shape", () => {
  // Pairs from free text and from structured spans are one object shape (V8's "map"), so the keyed
  // rules' code that reads them stays monomorphic: a pair without `keyPath` was a second shape, and
  // threw detect()'s optimised code away. A child process compares shapes with V8's natives syntax.
  it("is one shape whether the pair comes from text or from a structured file", () => {
    const assign = new URL("../dist/detect/assign.js", import.meta.url).href;
    const assignSpans = new URL("../dist/detect/assign-spans.js", import.meta.url).href;
    const structure = new URL("../dist/structure/index.js", import.meta.url).href;
    const spanList = new URL("../dist/util/span-list.js", import.meta.url).href;
    const script = `
      const { pairsFromText } = await import(${JSON.stringify(assign)});
      const { pairsFromSpans } = await import(${JSON.stringify(assignSpans)});
      const { annotate } = await import(${JSON.stringify(structure)});
      const { listOf } = await import(${JSON.stringify(spanList)});
      const text = 'title = "hello world"\\nrun --color=always --level verbose';
      const fromText = pairsFromText(text, 0, text.length, { code: false });
      const json = '{"title": "hello world", "args": ["--color=always", "--level", "verbose"]}';
      const fromSpans = pairsFromSpans(json, listOf(annotate(json, "json")));
      const all = [...fromText, ...fromSpans];
      console.log(JSON.stringify([fromText.length, fromSpans.length, all.every((p) => %HaveSameMap(p, all[0]))]));`;
    const [text, spans, same] = withV8Natives(script) as [number, number, boolean];
    expect(text).toBeGreaterThan(1);
    expect(spans).toBeGreaterThan(1);
    expect(same).toBe(true);
  });
});
