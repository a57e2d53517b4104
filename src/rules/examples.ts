/**
 * `{{fake:PREFIX:CHARSET:N[:crc32]}}` expansion: deterministic fake secrets for examples and fixtures,
 * so no complete realistic token is ever committed. `{{fake::bip39:N}}` is a recovery phrase of N words
 * (12, 15, 18, 21 or 24) with its checksum; `{{fake::secp256k1:64}}` an EVM private key (64 hex digits of
 * a scalar below the curve's order); `{{fake::solana:64}}` and `{{fake::solanajson:64}}` a Solana
 * keypair of 64 bytes (a seed and its Ed25519 public key) in base58 or as a JSON byte array.
 */
import { MNEMONIC_LENGTHS, mnemonicOf } from "../detect/bip39.js";
import { base58Encode, secp256k1Scalar, solanaKeypair } from "../detect/wallet-keys.js";
import { crc32Base62 } from "../util/crc32.js";
import { loadGlobal } from "./load.js";

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
    const len = Number(n);
    const next = rng(`${salt}\u0000${template}\u0000${index++}`);
    if (charset === "bip39") {
      if (crc) throw new FakeError("a bip39 fake carries its own checksum: no :crc32");
      return prefix + fakeMnemonic(len, next);
    }
    if (Object.hasOwn(KEYS, charset)) {
      if (crc) throw new FakeError(`a ${charset} fake is a key, with no checksum: no :crc32`);
      return prefix + KEYS[charset]!(len, next);
    }
    const chars = Object.hasOwn(CHARSETS, charset) ? CHARSETS[charset] : undefined;
    if (!chars) throw new FakeError(`unknown fake charset "${charset}"`);
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

/** A recovery phrase of `words` words from `next`'s bytes, with its checksum (detect/bip39.ts). */
function fakeMnemonic(words: number, next: () => number): string {
  if (!MNEMONIC_LENGTHS.has(words))
    throw new FakeError(`a bip39 fake has 12 to 24 words, in steps of 3, not ${words}`);
  const entropy = new Uint8Array((words * 4) / 3);
  for (let i = 0; i < entropy.length; i++) entropy[i] = Math.floor(next() * 256);
  return mnemonicOf(entropy, loadGlobal().global.bip39English);
}

/** Random bytes from `next`. */
function bytesOf(n: number, next: () => number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** Key fakes by charset: each takes its size (hex digits or bytes), which is fixed. */
const KEYS: Readonly<Record<string, (n: number, next: () => number) => string>> = {
  secp256k1: (n, next) => {
    if (n !== 64) throw new FakeError(`a secp256k1 fake has 64 hex digits, not ${n}`);
    for (;;) {
      const hex = Buffer.from(bytesOf(32, next)).toString("hex");
      if (secp256k1Scalar(hex) !== undefined) return hex;
    }
  },
  solana: (n, next) => base58Encode(solanaFake(n, next)),
  solanajson: (n, next) => JSON.stringify([...solanaFake(n, next)]),
};

function solanaFake(n: number, next: () => number): Uint8Array {
  if (n !== 64) throw new FakeError(`a Solana keypair fake has 64 bytes, not ${n}`);
  return solanaKeypair(bytesOf(32, next));
}

export function hasFakes(s: string): boolean {
  FAKE_RE.lastIndex = 0;
  const r = FAKE_RE.test(s);
  FAKE_RE.lastIndex = 0;
  return r;
}
