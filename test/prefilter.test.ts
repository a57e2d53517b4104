import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { CHUNK, dfaModuleBytes, HIT_CAP, STREAMS, shippedModule } from "../src/detect/dfa-wasm.js";
import { KeywordMatcher } from "../src/detect/prefilter.js";
import { cachedMatcher } from "../src/rules/matcher-cache.js";
import { tempDir } from "./cli-helpers.js";

function hits(kws: string[], text: string): [string, number][] {
  const out: [string, number][] = [];
  new KeywordMatcher(kws).scan(text, (k, end) => out.push([kws[k]!, end]));
  return out;
}

describe("KeywordMatcher", () => {
  it("finds every occurrence, case-insensitively, with end offsets", () => {
    expect(hits(["ghp_", "token"], "A GHP_x and Token, ghp_")).toEqual([
      ["ghp_", 6],
      ["token", 17],
      ["ghp_", 23],
    ]);
  });

  it("reports overlapping keywords and suffixes through fail links", () => {
    expect(
      hits(["she", "he", "hers"], "ushers")
        .map(([k]) => k)
        .sort(),
    ).toEqual(["he", "hers", "she"]);
  });

  it("resets on non-ASCII characters and ignores unrelated text", () => {
    expect(hits(["token"], "tok\u00e9n token")).toEqual([["token", 11]]);
    expect(hits(["sk-"], "nothing to see here")).toEqual([]);
  });

  it("agrees with a naive search on random inputs", () => {
    const kws = ["ab", "abc", "bca", "c", "aab"];
    const m = new KeywordMatcher(kws);
    for (let n = 0; n < 200; n++) {
      let text = "";
      for (let i = 0; i < 30; i++) text += "abcAB"[Math.floor(Math.random() * 5)];
      const got: string[] = [];
      m.scan(text, (k, end) => got.push(`${kws[k]}@${end}`));
      const want: string[] = [];
      const lower = text.toLowerCase();
      for (const k of kws)
        for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1))
          want.push(`${k}@${i + k.length}`);
      expect(got.sort()).toEqual(want.sort());
    }
  });

  it("scans several texts in one call as it scans each, a keyword never spanning two texts", () => {
    const m = new KeywordMatcher(["token", "ab", "abc"]);
    const texts = ["a token", "", "ab", "c tok", "en abc", "TOKEN\u00e9abc"];
    const offsets = new Int32Array(texts.length + 1);
    const packed = m.scanHitsMany(texts, offsets);
    expect(offsets[texts.length]).toBe(packed.length);
    texts.forEach((t, k) => {
      expect([t, [...packed.subarray(offsets[k]!, offsets[k + 1]!)]]).toEqual([t, [...m.scanHits(t)]]);
    });
    // "ab" ending one text and "c" starting the next make no "abc".
    expect([...packed.subarray(offsets[2]!, offsets[4]!)]).toEqual([1, 2]);
  });

  it("returns every hit when they outgrow its scratch, as its own array or as a view", () => {
    // A fresh matcher's scratch holds 2,048 pairs: this text makes 9,000, so the scan grows it.
    const text = "a token ".repeat(9000);
    const want = Array.from({ length: 9000 }, (_, i) => [0, i * 8 + 7]).flat();
    for (const wasm of [true, false]) {
      const before = KeywordMatcher.wasm;
      KeywordMatcher.wasm = wasm;
      try {
        expect([...new KeywordMatcher(["token"]).scanHits(text)]).toEqual(want);
        const m = new KeywordMatcher(["token"]);
        expect([...m.scanHitsView(text)]).toEqual(want);
        // A view lasts until the next scan: read it before scanning again.
        expect([...m.scanHitsView("token")]).toEqual([0, 5]);
      } finally {
        KeywordMatcher.wasm = before;
      }
    }
  });

  it("round-trips through its serialized form, and refuses other keywords", () => {
    const kws = ["token", "ghp_", "sk-", "key"];
    const m = new KeywordMatcher(kws);
    const back = KeywordMatcher.deserialize(kws, m.serialize());
    expect(back).toBeDefined();
    const text = "My TOKEN=ghp_x and sk-key";
    const seen = (x: KeywordMatcher) => {
      const out: string[] = [];
      x.scan(text, (k, end) => out.push(`${kws[k]}@${end}`));
      return out;
    };
    expect(seen(back!)).toEqual(seen(m));
    expect(seen(m)).toEqual(["token@8", "ghp_@13", "sk-@22", "key@25"]);
    expect(KeywordMatcher.deserialize(["token", "ghp_", "sk-"], m.serialize())).toBeUndefined();
    expect(KeywordMatcher.deserialize(kws, Buffer.from("garbage"))).toBeUndefined();
  });

  it("loads its cache file into the loop it scans with, WebAssembly or JavaScript, and builds itself without one", () => {
    const kws = ["token", "ghp_", "sk-", "key", "password"];
    const built = new KeywordMatcher(kws);
    const file = join(tempDir("as-dfa-"), "keywords.dfa");
    writeFileSync(file, built.serialize());
    const text = "My TOKEN=ghp_x, sk-key and a Password; ".repeat(300);
    const want = [...built.scanHits(text)];
    expect(want.length).toBe(300 * 5 * 2);
    for (const wasm of [true, false]) {
      const before = KeywordMatcher.wasm;
      KeywordMatcher.wasm = wasm;
      try {
        const loaded = cachedMatcher(kws, file);
        expect([...loaded.scanHits(text)]).toEqual(want);
        // A loaded automaton serializes as it was written (only its own bytes, not the module's memory).
        expect(loaded.serialize().equals(built.serialize())).toBe(true);
        // Another rule set's cache, or none at all: the matcher is built for the keywords asked.
        expect([...cachedMatcher(["sk-"], file).scanHits("sk-1")]).toEqual([0, 3]);
        expect([...cachedMatcher(kws, join(tempDir(), "none.dfa")).scanHits(text)]).toEqual(want);
      } finally {
        KeywordMatcher.wasm = before;
      }
    }
  });

  it("refuses a cut or foreign serialized form without reading past what it says", () => {
    const kws = ["token", "key"];
    const bytes = new KeywordMatcher(kws).serialize();
    expect(KeywordMatcher.deserialize(kws, bytes.subarray(0, bytes.length - 4))).toBeUndefined();
    expect(KeywordMatcher.deserialize(kws, Buffer.concat([bytes, Buffer.alloc(4)]))).toBeUndefined();
    // A head that claims more bytes than there are: refused before any buffer is made for it.
    const asked: number[] = [];
    const huge = Buffer.from([0xf0, 0xff, 0xff, 0x7f, 0x7b]);
    const read = (into: Uint8Array, position: number) => {
      asked.push(into.length);
      const part = huge.subarray(position, position + into.length);
      into.set(part);
      return part.length;
    };
    expect(KeywordMatcher.readFrom(kws, huge.length, read)).toBeUndefined();
    expect(asked).toEqual([4]);
  });

  it("compiles the module its assembler writes (the shipped bytes are those)", () => {
    expect(
      Buffer.from(shippedModule()).toString("base64"),
      "dfa-wasm.ts MODULE is stale: set it to this base64 of dfaModuleBytes()",
    ).toBe(Buffer.from(dfaModuleBytes()).toString("base64"));
  });
});

/**
 * `count` texts of characters drawn from `alphabet`, `length(rnd)` long each, from a seeded generator:
 * a failing text is the same on every run.
 */
function randomTexts(
  seed: number,
  count: number,
  alphabet: string[],
  length: (rnd: (n: number) => number) => number,
) {
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = "";
    const len = length(rnd);
    for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
    texts.push(text);
  }
  return texts;
}

describe("KeywordMatcher's two loops (WebAssembly and JavaScript)", () => {
  const both = (m: KeywordMatcher, texts: string[]) => {
    const run = (wasm: boolean) => {
      const before = KeywordMatcher.wasm;
      KeywordMatcher.wasm = wasm;
      try {
        const offsets = new Int32Array(texts.length + 1);
        return { hits: [...m.scanHitsMany(texts, offsets)], offsets: [...offsets] };
      } finally {
        KeywordMatcher.wasm = before;
      }
    };
    return { wasm: run(true), js: run(false) };
  };

  it("runs as WebAssembly here", () => {
    const m = new KeywordMatcher(["token"]);
    m.scanHits("token");
    expect((m as unknown as { fast: unknown }).fast).toBeTruthy();
  });

  it("falls back to the JavaScript loop where WebAssembly is missing (node --jitless)", () => {
    vi.stubGlobal("WebAssembly", undefined);
    try {
      const m = new KeywordMatcher(["token"]);
      expect([...m.scanHits("a TOKEN")]).toEqual([0, 7]);
      expect((m as unknown as { fast: unknown }).fast).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("give the same hits on random text: both letter cases, non-ASCII, lone surrogates", () => {
    const kws = ["ab", "abc", "bca", "c", "aab", "b-c", "ghp_", "__"];
    const m = new KeywordMatcher(kws);
    const alphabet = [..."abcABC-_ghp", "é", "\u0100", "\ud800", "ア", "\u0080"];
    const texts = randomTexts(12345, 300, alphabet, (rnd) => rnd(60));
    const { wasm, js } = both(m, texts);
    expect(wasm.hits.length).toBeGreaterThan(100);
    expect(wasm).toEqual(js);
  });

  it("give the same hits on long texts, scanned as several streams at once", () => {
    // A long keyword makes a wide overlap between the streams; a dense alphabet puts hits across every
    // stream boundary.
    const kws = ["ab", "abc", "bca", "c", "aab", "b-c", "abcabcabcab", "token"];
    const m = new KeywordMatcher(kws);
    const alphabet = [..."abcABC-_tokenx", "é", "\ud800"];
    const texts = randomTexts(777, 60, alphabet, (rnd) => 100 + rnd(6000));
    // Long enough for the streams (4 × STREAMS × the longest keyword, and 512), and some not.
    expect(texts.filter((t) => t.length >= 4 * STREAMS * 11 && t.length >= 512).length).toBeGreaterThan(40);
    expect(texts.some((t) => t.length < 512)).toBe(true);
    const { wasm, js } = both(m, texts);
    expect(wasm.hits.length).toBeGreaterThan(20_000);
    expect(wasm).toEqual(js);
  });

  it("find a keyword once wherever it sits against a boundary between streams", () => {
    const m = new KeywordMatcher(["token", "a"]);
    const len = 4000;
    const span = Math.floor(len / STREAMS);
    const texts: string[] = [];
    const ends: number[] = [];
    for (let j = 1; j < STREAMS; j++) {
      for (let d = -2; d <= 6; d++) {
        const end = j * span + d;
        texts.push(`${"x".repeat(end - 5)}token${"x".repeat(len - end)}`);
        ends.push(end);
      }
    }
    const { wasm, js } = both(m, texts);
    expect(wasm).toEqual(js);
    for (let t = 0; t < texts.length; t++)
      expect(wasm.hits.slice(wasm.offsets[t], wasm.offsets[t + 1])).toEqual([0, ends[t]]);
  });

  it("give the same hits when one stream's hits fill up before the others are done", () => {
    const m = new KeywordMatcher(["token", "a"]);
    const span = 40_000;
    expect(span).toBeGreaterThan(HIT_CAP);
    // The third stream meets 40,000 "a"s; the others a token each.
    const parts = Array.from({ length: STREAMS }, (_, j) =>
      j === 2 ? "a".repeat(span) : `token${"x".repeat(span - 5)}`,
    );
    const { wasm, js } = both(m, [parts.join(""), "a token"]);
    expect(wasm).toEqual(js);
    expect(wasm.offsets[1]! / 2).toBe(STREAMS - 1 + span);
    // The last stream fills up at its very last step, when the first has already read past its share:
    // the token that straddles the first boundary is the first stream's to keep then.
    const late = `${"x".repeat(span - 3)}token${"x".repeat(3 * span - 2 - HIT_CAP)}${"a".repeat(HIT_CAP)}`;
    expect(late.length).toBe(STREAMS * span);
    const two = both(m, [late]);
    expect(two.wasm).toEqual(two.js);
    expect(two.wasm.hits.slice(0, 2)).toEqual([0, span + 2]);
  });

  it("find keywords across the pieces a long text is written in, and more hits than one call returns", () => {
    const m = new KeywordMatcher(["token", "a"]);
    // "token" straddles the first piece's end (CHUNK code units); 40,000 "a" hits pass HIT_CAP.
    const long = `${"x".repeat(CHUNK - 3)}TOKEN${"a".repeat(40_000)}${"y".repeat(CHUNK)}token`;
    expect(40_000).toBeGreaterThan(HIT_CAP);
    const { wasm, js } = both(m, [long, "a token", long.slice(0, 10)]);
    expect(wasm).toEqual(js);
    expect(wasm.hits.slice(0, 2)).toEqual([0, CHUNK + 2]);
    expect(wasm.hits[wasm.offsets[1]! - 1]).toBe(long.length);
    expect(wasm.offsets[1]! / 2).toBe(2 + 40_000);
  });
});
