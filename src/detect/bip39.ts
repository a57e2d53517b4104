/**
 * BIP-39 mnemonics (a wallet's recovery phrase): 12 to 24 words of the standard's English list, each
 * 11 bits, the last ENT/32 of which are the first bits of the SHA-256 of the ENT bits before them. A
 * phrase of list words alone passes that checksum one time in 16 (12 words) to 256 (24): with it, a
 * run of words is a wallet's key, not prose. The list comes from rules/global.yaml (`bip39_english`).
 */
import { cryptoLib } from "../util/lazy.js";

/** The numbers of words a mnemonic may have: 128 to 256 bits of entropy, in steps of 32. */
export const MNEMONIC_LENGTHS: ReadonlySet<number> = new Set([12, 15, 18, 21, 24]);

/** The word list last indexed, and its index (the list is one string for the whole process). */
let indexed: { list: string; index: Map<string, number> } | undefined;

function indexOf(list: string): Map<string, number> {
  if (indexed?.list !== list) {
    const index = new Map<string, number>();
    for (const word of list.split(/\s+/)) if (word !== "") index.set(word, index.size);
    indexed = { list, index };
  }
  return indexed.index;
}

/**
 * The mnemonic's words when `phrase` is one of `list` (2,048 words) with a valid checksum: its entropy
 * bits, encoded again with their checksum (mnemonicOf), give the same words.
 */
export function mnemonicWords(phrase: string, list: string): string[] | undefined {
  const words = phrase.trim().split(/\s+/);
  if (!MNEMONIC_LENGTHS.has(words.length)) return undefined;
  const index = indexOf(list);
  if (index.size !== 2048) return undefined;
  const bits: number[] = [];
  for (const word of words) {
    const n = index.get(word);
    if (n === undefined) return undefined;
    for (let b = 10; b >= 0; b--) bits.push((n >> b) & 1);
  }
  const entropy = new Uint8Array((bits.length * 32) / 33 / 8);
  for (let i = 0; i < entropy.length * 8; i++) entropy[i >> 3]! |= bits[i]! << (7 - (i & 7));
  return mnemonicOf(entropy, list) === words.join(" ") ? words : undefined;
}

/**
 * Whether `phrase` is a wallet's mnemonic: valid, and not one of the degenerate phrases a standard's test
 * vectors and development chains publish (`test test … junk`, `abandon … about`: a few words repeated).
 */
export function isMnemonic(phrase: string, list: string): boolean {
  const words = mnemonicWords(phrase, list);
  return words !== undefined && new Set(words).size * 4 > words.length * 3;
}

/**
 * The longest mnemonic (isMnemonic) that a run of words starts with and is shorter than it, as the text
 * it is in `phrase` (its words' separators kept), or undefined. Prose runs on after a phrase (`… is <12
 * words> and they hold`): the regex takes the words after it too, a count no mnemonic has.
 */
export function leadingMnemonic(phrase: string, list: string): string | undefined {
  const ends: number[] = [];
  for (const m of phrase.matchAll(/\S+/g)) ends.push(m.index + m[0].length);
  for (let n = Math.min(ends.length - 1, 24); n >= 12; n--) {
    if (!MNEMONIC_LENGTHS.has(n)) continue;
    const head = phrase.slice(0, ends[n - 1]);
    if (isMnemonic(head, list)) return head;
  }
  return undefined;
}

/** The mnemonic of `entropy` (16 to 32 bytes, a multiple of 4), for made-up examples. */
export function mnemonicOf(entropy: Uint8Array, list: string): string {
  const words = [...indexOf(list).keys()];
  const hash = cryptoLib().createHash("sha256").update(entropy).digest();
  const bits: number[] = [];
  for (const byte of entropy) for (let b = 7; b >= 0; b--) bits.push((byte >> b) & 1);
  for (let i = 0; i < (entropy.length * 8) / 32; i++) bits.push((hash[i >> 3]! >> (7 - (i & 7))) & 1);
  const out: string[] = [];
  for (let i = 0; i < bits.length; i += 11) {
    let n = 0;
    for (let b = 0; b < 11; b++) n = (n << 1) | bits[i + b]!;
    out.push(words[n]!);
  }
  return out.join(" ");
}
