/** The closed set of offline validators a rule may name (`validate:` in rule files). */

import type { GlobalData, ValidatorName } from "../rules/types.js";
import { crc32Base62 } from "../util/crc32.js";
import { cryptoLib } from "../util/lazy.js";
import { isMnemonic } from "./bip39.js";
import { isEvmKey, isSolanaKeypair } from "./wallet-keys.js";

function b64urlJson(part: string): unknown {
  try {
    const s = Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

const CHECKS: Record<ValidatorName, (secret: string, g: GlobalData) => boolean> = {
  /** The last 6 characters of the body (after the last `_`) are base62(crc32(rest of body)). */
  "crc32-base62": (secret) => {
    const body = secret.slice(secret.lastIndexOf("_") + 1);
    if (body.length < 7) return false;
    return crc32Base62(body.slice(0, -6)) === body.slice(-6);
  },
  jwt: (secret) => {
    const parts = secret.split(".");
    if (parts.length !== 3) return false;
    const header = b64urlJson(parts[0]!);
    const payload = b64urlJson(parts[1]!);
    if (typeof header !== "object" || header === null || !("alg" in header)) return false;
    if (typeof payload !== "object" || payload === null) return false;
    // Public by design: Supabase anon keys are meant to ship in browsers.
    return (payload as { role?: unknown }).role !== "anon";
  },
  "base64-json": (secret) => {
    const v = b64urlJson(secret);
    return typeof v === "object" && v !== null;
  },
  /**
   * A PEM block's body is DER: every private key's (PKCS#1, SEC1, PKCS#8, encrypted or not) opens with
   * a SEQUENCE (0x30) and its length, `M` and one of `A`-`P` in base64. Documentation's made-up or cut
   * bodies seldom do (`DBVFTEVDVFJJ…`).
   */
  "pem-der": (secret) => {
    const from = secret.indexOf("-----", 11); // the end of the BEGIN line's label
    const body = secret.slice(from === -1 ? 0 : from + 5, from === -1 ? 0 : from + 256);
    return /^M[A-P]/.test(body.replace(/\\[nr]|[\s\\]/g, ""));
  },
  /** A wallet's recovery phrase: BIP-39 words with their checksum, not a test vector's few words. */
  bip39: (secret, g) => isMnemonic(secret, g.bip39English),
  /**
   * An EVM account's private key: 64 hex digits (maybe after `0x`) of a number from 1 to secp256k1's
   * order less one, and not one of the accounts the development chains' published phrases derive.
   */
  secp256k1: (secret, g) => isEvmKey(secret, g),
  /** A Solana keypair (base58 or a JSON byte array): 64 bytes, an Ed25519 seed and its public key. */
  "solana-keypair": (secret) => isSolanaKeypair(secret),
};

const HMAC: Record<string, string> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };

/**
 * Whether a JWT's signature verifies under one of `keys` (HMAC algorithms only): documentation's
 * examples are signed with published keys (jwt.io's `your-256-bit-secret`, PyJWT's `secret`).
 */
export function signedWithKnownKey(jwt: string, keys: readonly string[]): boolean {
  const parts = jwt.split(".");
  if (parts.length !== 3 || keys.length === 0) return false;
  const header = b64urlJson(parts[0]!) as { alg?: unknown } | undefined;
  const digest = typeof header?.alg === "string" ? HMAC[header.alg] : undefined;
  if (!digest) return false;
  const crypto = cryptoLib();
  const signed = `${parts[0]}.${parts[1]}`;
  return keys.some((k) => crypto.createHmac(digest, k).update(signed).digest("base64url") === parts[2]);
}

export function runValidator(name: ValidatorName, secret: string, g: GlobalData): boolean {
  return CHECKS[name](secret, g);
}
