/**
 * The spare block (src/util/spare.ts): a large file's read buffer, dead once its text is decoded, is
 * the next large JSON span table's memory; ownership moves, so neither ever sees the other's bytes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFileSafe } from "../src/sources/read.js";
import { viaJsoncParser } from "../src/structure/json.js";
import { fastJsonSpans } from "../src/structure/json-fast.js";
import type { SpanList } from "../src/types.js";
import { ArraySpans } from "../src/util/span-list.js";
import { offerSpare, SPARE_MIN, takeSpare } from "../src/util/spare.js";
import { tempDir } from "./cli-helpers.js";

describe("the spare block", () => {
  it("keeps one large block, hands it over once, and only when it is large enough", () => {
    takeSpare(0); // whatever an earlier test left
    offerSpare(new ArrayBuffer(SPARE_MIN - 1));
    expect(takeSpare(1)).toBeUndefined();
    const a = new ArrayBuffer(SPARE_MIN);
    offerSpare(a);
    expect(takeSpare(SPARE_MIN + 1)).toBeUndefined();
    expect(takeSpare(SPARE_MIN)).toBe(a);
    expect(takeSpare(1)).toBeUndefined();
    const b = new ArrayBuffer(SPARE_MIN * 2);
    offerSpare(a);
    offerSpare(b);
    expect(takeSpare(10)).toBe(b);
    expect(takeSpare(10)).toBeUndefined();
  });
});

/** Every span of a list as [start, end, path, value, raw]. */
function rows(list: SpanList): unknown[] {
  return Array.from({ length: list.length }, (_, i) => [
    list.start(i),
    list.end(i),
    list.path(i),
    list.value(i),
    list.raw(i),
  ]);
}

describe("a large JSON file's table in its read buffer", () => {
  const root = tempDir("as-spare-");
  /** A JSON dump of `n` rows, its values distinct per `tag`, an escape in every tenth. */
  const dump = (tag: string, n: number) =>
    `[${Array.from({ length: n }, (_, i) => `{"name":"${tag}${i}","value":"v${i % 10 === 0 ? "\\n" : ""}${tag}-${i * 7}"}`).join(",")}]`;

  it("holds the same spans as the library's walk, and later reads leave them alone", () => {
    writeFileSync(join(root, "a.json"), dump("a", 9000));
    writeFileSync(join(root, "b.json"), dump("b", 12000));
    takeSpare(0);
    const a = readFileSafe(root, "a.json", 1 << 24, root);
    if (!a.ok) throw new Error("a.json not read");
    expect(a.text.length).toBeGreaterThan(SPARE_MIN);
    const table = fastJsonSpans(a.text);
    if (!table) throw new Error("declined");
    // The table took the buffer a.json was read into: nothing is spare until the next large read.
    expect(takeSpare(0)).toBeUndefined();
    const expected = rows(new ArraySpans(viaJsoncParser(a.text, "json").spans));
    expect(rows(table)).toEqual(expected);
    // b.json is read into memory of its own (and offers it): a.json's table and text are unchanged.
    const b = readFileSafe(root, "b.json", 1 << 24, root);
    expect(b.ok && b.text.endsWith(`"value":"vb-${11999 * 7}"}]`)).toBe(true);
    expect(rows(table)).toEqual(expected);
    const other = fastJsonSpans(b.ok ? b.text : "");
    expect(other && rows(other)).toEqual(
      rows(new ArraySpans(viaJsoncParser(b.ok ? b.text : "", "json").spans)),
    );
    expect(rows(table)).toEqual(expected);
  });
});
