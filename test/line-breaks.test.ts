/** hitWindows' line breaks: the same answers as lastIndexOf / indexOf, searched or listed. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hitWindows } from "../src/detect/detect.js";
import { breakAfter, breakBefore, releaseBreaks } from "../src/detect/line-breaks.js";

/** Texts of short and long lines (long ones: a notebook's base64 image, a minified bundle). */
const texts = fc
  .array(
    fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "b", " ", "\r"), maxLength: 12 }),
      fc.nat(3000).map((n) => "x".repeat(n)),
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.join("\n"));

describe("line breaks", () => {
  it("answers as lastIndexOf and indexOf do, before and after it lists the text's breaks", () => {
    fc.assert(
      fc.property(texts, fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (text, raw) => {
        releaseBreaks();
        // Many questions: the searches read past the text's length, and the rest come from the list.
        for (const r of raw) {
          const p = r % (text.length + 1);
          expect(breakBefore(text, p)).toBe(text.lastIndexOf("\n", p));
          expect(breakAfter(text, p)).toBe(text.indexOf("\n", p));
        }
        // Another text with the same length is not answered from the first one's list.
        const other = text.replace(/\n/g, "n");
        for (const r of raw.slice(0, 5)) {
          const p = r % (other.length + 1);
          expect(breakAfter(other, p)).toBe(other.indexOf("\n", p));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives hitWindows the windows a search from every hit gives", () => {
    // The windows as hitWindows makes them, every line searched anew (it keeps a text's breaks).
    const LINE_MAX = 4096;
    const AFTER = 2048;
    const reference = (text: string, hits: number[]) => {
      const out: [number, number][] = [];
      for (const end of [...hits].sort((a, b) => a - b)) {
        const last = out[out.length - 1];
        const ls = text.lastIndexOf("\n", end - 1) + 1;
        let le = text.indexOf("\n", end);
        if (le === -1) le = text.length;
        if (last && end <= last[1]) {
          if (le - ls > LINE_MAX) last[1] = Math.max(last[1], Math.min(le, end + AFTER));
          continue;
        }
        let from: number;
        let to: number;
        if (le - ls > LINE_MAX) {
          from = Math.max(ls, end - AFTER);
          to = Math.min(le, end + AFTER);
        } else {
          from = ls > 1 ? text.lastIndexOf("\n", ls - 2) + 1 : 0;
          if (ls - from > LINE_MAX) from = ls;
          const next = le < text.length ? text.indexOf("\n", le + 1) : -1;
          to = next === -1 ? text.length : next - le > LINE_MAX ? le : next;
        }
        if (last && from <= last[1]) last[1] = Math.max(last[1], to);
        else out.push([from, to]);
      }
      return out;
    };
    const notebookish = fc
      .array(
        fc.oneof(
          fc.constant('  "a": 1,'),
          fc.nat(9000).map((n) => "A".repeat(n)),
        ),
        { maxLength: 20 },
      )
      .map((lines) => lines.join("\n"));
    fc.assert(
      fc.property(
        notebookish,
        fc.array(fc.array(fc.nat(), { maxLength: 12 }), { maxLength: 30 }),
        (text, rules) => {
          if (text.length === 0) return;
          // One call a rule, as detect() makes them, on the same text.
          for (const raw of rules) {
            const hits = raw.map((r) => 1 + (r % text.length));
            expect(hitWindows(text, [...hits])).toEqual(reference(text, hits));
          }
          releaseBreaks();
        },
      ),
      { numRuns: 200 },
    );
  });
});
