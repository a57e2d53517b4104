/**
 * `{{fake:PREFIX:CHARSET:N[:crc32]}}` expansion: deterministic fake secrets for examples and fixtures,
 * so no complete realistic token is ever committed.
 */
import { crc32Base62 } from "../util/crc32.js";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const DIGITS = "0123456789";

export const CHARSETS: Readonly<Record<string, string>> = {
  alnum: UPPER + LOWER + DIGITS,
  lower: LOWER + DIGITS,
  upper: UPPER + DIGITS,
  alpha: UPPER + LOWER,
  hex: "0123456789abcdef",
  hexupper: "0123456789ABCDEF",
  digits: DIGITS,
  base64: `${UPPER}${LOWER}${DIGITS}+/`,
  base64url: `${UPPER}${LOWER}${DIGITS}_-`,
  base32: `${UPPER}234567`,
};

export const FAKE_RE = /\{\{fake:([^:{}]*):([a-z0-9]+):(\d{1,4})(?::(crc32))?\}\}/g;

/** A small deterministic PRNG (mulberry32) seeded from a string hash (FNV-1a). */
function rng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FakeError extends Error {}

/** Expands every fake in `template`; `salt` varies the output between otherwise equal templates. */
export function expandFakes(template: string, salt = ""): string {
  let index = 0;
  return template.replace(FAKE_RE, (_m, prefix: string, charset: string, n: string, crc?: string) => {
    const chars = CHARSETS[charset];
    if (!chars) throw new FakeError(`unknown fake charset "${charset}"`);
    const len = Number(n);
    const next = rng(`${salt}\u0000${template}\u0000${index++}`);
    const bodyLen = crc ? len - 6 : len;
    if (bodyLen < 1) throw new FakeError(`fake length ${len} too short${crc ? " for a crc32 checksum" : ""}`);
    let body = "";
    // Avoid runs that judge() would call placeholders: resample a char equal to the two before it.
    while (body.length < bodyLen) {
      const c = chars[Math.floor(next() * chars.length)]!;
      if (body.length >= 2 && body.endsWith(c + c)) continue;
      body += c;
    }
    return prefix + body + (crc ? crc32Base62(body) : "");
  });
}

export function hasFakes(s: string): boolean {
  FAKE_RE.lastIndex = 0;
  const r = FAKE_RE.test(s);
  FAKE_RE.lastIndex = 0;
  return r;
}
