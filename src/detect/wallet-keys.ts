/**
 * Wallet private keys, checked offline: an EVM account's key is a secp256k1 scalar (32 bytes, from 1 to
 * the curve's order less one); a Solana keypair is 64 bytes, an Ed25519 seed and the public key that
 * seed derives, so a keypair whose second half is not its first half's public key is not one (a random
 * or made-up value never is). The accounts of the phrases development chains publish (Hardhat's and
 * Anvil's, Truffle's, Ganache's: `published_test_mnemonics`, BIP-32's m/44'/60'/0'/0/i) are no secret:
 * the build derives their keys into the rules cache, and a scan derives them here only when global.yaml
 * changed since. Pure but for Node's crypto.
 */
import { cryptoLib } from "../util/lazy.js";

/** The order of secp256k1's group: a private key is a number from 1 to N - 1. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const HEX64 = /^(?:0x)?([0-9a-fA-F]{64})$/;

/** The 32-byte scalar of an EVM private key written as hex (with or without `0x`), when it is one. */
export function secp256k1Scalar(secret: string): bigint | undefined {
  const m = HEX64.exec(secret);
  if (!m) return undefined;
  const k = BigInt(`0x${m[1]}`);
  return k > 0n && k < SECP256K1_N ? k : undefined;
}

/**
 * The development chains' published phrases, and the keys of their accounts when the build derived them
 * (64 hex digits each, in the rules cache): derived here otherwise, once (about 14 ms).
 */
export interface PublishedAccounts {
  readonly publishedTestMnemonics: readonly string[];
  readonly publishedTestKeys?: ReadonlySet<string>;
}

/** Whether `secret` is a secp256k1 private key and none of the development chains' published ones. */
export function isEvmKey(secret: string, g: PublishedAccounts): boolean {
  const k = secp256k1Scalar(secret);
  return k !== undefined && !isPublished(k, g);
}

/**
 * Whether `secret` is the private key of a development chain's published account, whichever rule found
 * it (a `.env.example`'s `PRIVATE_KEY=0xac09…` is Hardhat's first account, generic-secret's otherwise).
 */
export function isPublishedTestKey(secret: string, g: PublishedAccounts): boolean {
  const k = secp256k1Scalar(secret);
  return k !== undefined && isPublished(k, g);
}

function isPublished(k: bigint, g: PublishedAccounts): boolean {
  const hex = scalarHex(k);
  return g.publishedTestKeys?.has(hex) ?? publishedKeys(g.publishedTestMnemonics).has(hex);
}

/** Accounts derived from each published phrase (Hardhat makes 20, Anvil 10). */
export const PUBLISHED_ACCOUNTS = 20;

let published: { from: readonly string[]; keys: Set<string> } | undefined;

/** The private keys (scalarHex) of the first PUBLISHED_ACCOUNTS accounts of each phrase, made once. */
export function publishedKeys(mnemonics: readonly string[]): ReadonlySet<string> {
  if (published?.from !== mnemonics) {
    const keys = new Set<string>();
    for (const m of mnemonics)
      for (const k of ethereumAccountKeys(m, PUBLISHED_ACCOUNTS)) keys.add(scalarHex(k));
    published = { from: mnemonics, keys };
  }
  return published.keys;
}

/** A scalar as 64 lower-case hex digits. */
export function scalarHex(k: bigint): string {
  return k.toString(16).padStart(64, "0");
}

/**
 * The private keys of the first `count` Ethereum accounts of a BIP-39 phrase (no passphrase), as wallets
 * derive them: BIP-39's seed, BIP-32's master key, then m/44'/60'/0'/0/i.
 */
export function ethereumAccountKeys(mnemonic: string, count: number): bigint[] {
  const crypto = cryptoLib();
  const seed = crypto.pbkdf2Sync(mnemonic.normalize("NFKD"), "mnemonic", 2048, 64, "sha512");
  let node = split(crypto.createHmac("sha512", "Bitcoin seed").update(seed).digest());
  for (const index of [44 + HARDENED, 60 + HARDENED, HARDENED]) node = child(node, index, undefined);
  node = child(node, 0, publicKey(node.key));
  // One public key serves every account: the accounts are children of one node.
  const parent = publicKey(node.key);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) out.push(child(node, i, parent).key);
  return out;
}

const HARDENED = 0x80000000;

interface HdNode {
  readonly key: bigint;
  readonly chain: Buffer;
}

function split(i: Buffer): HdNode {
  return { key: BigInt(`0x${i.subarray(0, 32).toString("hex")}`), chain: i.subarray(32) };
}

/** The compressed secp256k1 public key of a private key (about 0.3 ms in OpenSSL: made once a node). */
function publicKey(k: bigint): Buffer {
  const ecdh = cryptoLib().createECDH("secp256k1");
  ecdh.setPrivateKey(scalarBytes(k));
  return ecdh.getPublicKey(undefined, "compressed") as Buffer;
}

/**
 * BIP-32's private child derivation: a hardened child from the parent's key, another from its public key
 * `pub` (a derived key of 0 or past the order does not occur in practice).
 */
function child(parent: HdNode, index: number, pub: Buffer | undefined): HdNode {
  const at = Buffer.alloc(4);
  at.writeUInt32BE(index >>> 0);
  const data =
    index >= HARDENED
      ? Buffer.concat([Buffer.alloc(1), scalarBytes(parent.key), at])
      : Buffer.concat([pub!, at]);
  const i = split(cryptoLib().createHmac("sha512", parent.chain).update(data).digest());
  return { key: (i.key + parent.key) % SECP256K1_N, chain: i.chain };
}

function scalarBytes(k: bigint): Buffer {
  return Buffer.from(scalarHex(k), "hex");
}

/** Bitcoin's base58 alphabet (Solana's keys and addresses are written in it). */
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BASE58_DIGIT = Int8Array.from({ length: 128 }, (_, c) => BASE58.indexOf(String.fromCharCode(c)));

/** Base58 text as bytes (leading `1`s are zero bytes), or undefined when a character is not base58. */
export function base58Decode(text: string): Uint8Array | undefined {
  let n = 0n;
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 49) zeros++;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? BASE58_DIGIT[c]! : -1;
    if (d < 0) return undefined;
    n = n * 58n + BigInt(d);
  }
  const hex = n === 0n ? "" : n.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

/** Bytes as base58 text. */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = bytes.length === zeros ? 0n : BigInt(`0x${Buffer.from(bytes.subarray(zeros)).toString("hex")}`);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  return "1".repeat(zeros) + out;
}

/** A keypair written as a JSON array of byte values (`[174,47,…]`, the Solana CLI's keypair file). */
const BYTE_ARRAY = /^\[\s*(\d{1,3}(?:\s*,\s*\d{1,3})*)\s*,?\s*\]$/;

/** The bytes of a Solana secret written as base58 or as a JSON array of numbers, undefined otherwise. */
export function solanaSecretBytes(secret: string): Uint8Array | undefined {
  const m = BYTE_ARRAY.exec(secret.trim());
  if (!m) return base58Decode(secret.trim());
  const bytes = m[1]!.split(/\s*,\s*/).map(Number);
  return bytes.every((b) => b <= 255) ? Uint8Array.from(bytes) : undefined;
}

/** PKCS#8's wrapping of a raw Ed25519 seed (RFC 8410), before the seed's 32 bytes. */
const ED25519_PKCS8 = Buffer.from("302e020100300506032b657004220420", "hex");

/** The Ed25519 public key (32 bytes) that a 32-byte seed derives. */
export function ed25519PublicKey(seed: Uint8Array): Buffer {
  const crypto = cryptoLib();
  const priv = crypto.createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8, seed]),
    format: "der",
    type: "pkcs8",
  });
  // The SubjectPublicKeyInfo's last 32 bytes are the key.
  return (crypto.createPublicKey(priv).export({ format: "der", type: "spki" }) as Buffer).subarray(-32);
}

/** Whether `secret` (base58 or a JSON byte array) is a Solana keypair: a seed, then its public key. */
export function isSolanaKeypair(secret: string): boolean {
  const bytes = solanaSecretBytes(secret);
  if (bytes?.length !== 64) return false;
  try {
    return ed25519PublicKey(bytes.subarray(0, 32)).equals(bytes.subarray(32));
  } catch {
    return false; // no Ed25519 in this Node's crypto: nothing is claimed
  }
}

/** A Solana keypair from a 32-byte seed: the seed, then its public key (what Keypair.secretKey holds). */
export function solanaKeypair(seed: Uint8Array): Uint8Array {
  return Uint8Array.from(Buffer.concat([seed, ed25519PublicKey(seed)]));
}
