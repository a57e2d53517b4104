/**
 * Wallet private keys: EVM accounts' secp256k1 keys (and the development chains' published accounts,
 * which are no secret) and Solana keypairs, whose second half must be the public key of the first; the
 * fakes that make them for tests; what a scan reports of them and which playbook it plans.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  base58Decode,
  base58Encode,
  ed25519PublicKey,
  ethereumAccountKeys,
  isEvmKey,
  isPublishedTestKey,
  isSolanaKeypair,
  PUBLISHED_ACCOUNTS,
  publishedKeys,
  secp256k1Scalar,
  solanaSecretBytes,
} from "../src/detect/wallet-keys.js";
import { expandFakes, FakeError } from "../src/rules/examples.js";
import { loadGlobal } from "../src/rules/load.js";
import { cli, removeTempDirs, tempTree } from "./cli-helpers.js";

afterAll(removeTempDirs);

const GLOBAL = loadGlobal().global;
const MNEMONICS = GLOBAL.publishedTestMnemonics;
const HARDHAT = "test test test test test test test test test test test junk";
/** secp256k1's group order, in hex. */
const ORDER = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

interface F {
  readonly path: string;
  readonly line: number;
  readonly ruleId: string;
  readonly secret: string;
}

describe("EVM private keys", () => {
  it("derives the accounts Hardhat and Anvil publish for their phrase (m/44'/60'/0'/0/i)", () => {
    // Hardhat's documentation lists these as its accounts #0 and #1: known to everyone.
    const [first, second] = ethereumAccountKeys(HARDHAT, 2).map((k) => k.toString(16).padStart(64, "0"));
    expect(first).toBe("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    expect(second).toBe("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    expect(MNEMONICS).toContain(HARDHAT);
  });

  it("takes a scalar from 1 to the order less one, with or without 0x, and no published account", () => {
    const fake = expandFakes("{{fake::secp256k1:64}}", "evm");
    expect(fake).toMatch(/^[0-9a-f]{64}$/);
    expect(isEvmKey(fake, GLOBAL)).toBe(true);
    expect(isEvmKey(`0x${fake}`, GLOBAL)).toBe(true);
    expect(isEvmKey(`0x${fake.toUpperCase()}`, GLOBAL)).toBe(true);
    expect(secp256k1Scalar("0".repeat(64))).toBeUndefined();
    expect(secp256k1Scalar(ORDER)).toBeUndefined();
    expect(secp256k1Scalar(`${ORDER.slice(0, -1)}0`)).toBeDefined();
    expect(secp256k1Scalar(fake.slice(1))).toBeUndefined();
    for (const mnemonic of MNEMONICS) {
      const last = ethereumAccountKeys(mnemonic, 20)[19]!.toString(16).padStart(64, "0");
      expect(isEvmKey(`0x${last}`, GLOBAL)).toBe(false);
      expect(isEvmKey(last, { publishedTestMnemonics: MNEMONICS })).toBe(false);
      expect(isPublishedTestKey(last, GLOBAL)).toBe(true);
    }
    expect(isPublishedTestKey(fake, GLOBAL)).toBe(false);
    // The build derives the same keys into the rules cache (scripts/compile-rules.js) as a scan would.
    expect(publishedKeys(MNEMONICS).size).toBe(MNEMONICS.length * PUBLISHED_ACCOUNTS);
    expect(GLOBAL.publishedTestKeys).toEqual(publishedKeys(MNEMONICS));
  });
});

describe("Solana keypairs", () => {
  it("takes 64 bytes whose second half is the Ed25519 public key of the first, in base58 or JSON", () => {
    const b58 = expandFakes("{{fake::solana:64}}", "sol");
    const json = expandFakes("{{fake::solanajson:64}}", "sol");
    expect(b58).toMatch(/^[1-9A-HJ-NP-Za-km-z]{86,88}$/);
    expect(JSON.parse(json)).toHaveLength(64);
    const bytes = solanaSecretBytes(b58)!;
    expect(bytes).toHaveLength(64);
    expect(ed25519PublicKey(bytes.subarray(0, 32)).equals(Buffer.from(bytes.subarray(32)))).toBe(true);
    expect(isSolanaKeypair(b58)).toBe(true);
    expect(isSolanaKeypair(json)).toBe(true);
    expect(isSolanaKeypair(JSON.stringify([...bytes]).replaceAll(",", ", "))).toBe(true);
    // One bit of the public half changed, or the halves swapped: no keypair.
    const flipped = Uint8Array.from(bytes);
    flipped[63]! ^= 1;
    expect(isSolanaKeypair(base58Encode(flipped))).toBe(false);
    expect(
      isSolanaKeypair(base58Encode(Uint8Array.from([...bytes.subarray(32), ...bytes.subarray(0, 32)]))),
    ).toBe(false);
    expect(isSolanaKeypair(base58Encode(bytes.subarray(0, 32)))).toBe(false);
    expect(isSolanaKeypair("[1, 2, 300]")).toBe(false);
    expect(isSolanaKeypair(`${b58.slice(0, -1)}0`)).toBe(false); // `0` is no base58 digit
  });

  it("reads base58 as Bitcoin writes it, leading zero bytes as `1`s", () => {
    const bytes = Uint8Array.from([0, 0, 1, 2, 255]);
    const text = base58Encode(bytes);
    expect(text.startsWith("11")).toBe(true);
    expect([...base58Decode(text)!]).toEqual([...bytes]);
    expect(base58Encode(new Uint8Array(0))).toBe("");
    expect(base58Decode("0OIl")).toBeUndefined();
  });

  it("refuses a key fake of another size, or with a checksum", () => {
    expect(() => expandFakes("{{fake::secp256k1:40}}")).toThrow(FakeError);
    expect(() => expandFakes("{{fake::solana:32}}")).toThrow(FakeError);
    expect(() => expandFakes("{{fake::solanajson:64:crc32}}")).toThrow(FakeError);
    expect(() => expandFakes("{{fake::constructor:64}}")).toThrow(FakeError);
  });
});

describe("wallet keys in a repository", () => {
  it("reports each under its name in .env, an MCP config, code and YAML, and plans the wallet playbook", () => {
    const dir = tempTree({
      ".env": "ETH_PRIVATE_KEY=0x{{fake::secp256k1:64}}\nSOLANA_PRIVATE_KEY={{fake::solana:64}}\n",
      ".cursor/mcp.json":
        '{"mcpServers":{"wallet":{"command":"npx","env":{"EVM_PRIVATE_KEY":"{{fake::secp256k1:64}}","SOLANA_KEYPAIR":"{{fake::solanajson:64}}"}}}}\n',
      "scripts/deploy.ts": 'const deployerPk = "0x{{fake::secp256k1:64}}";\n',
      "config/agent.yaml": "wallet:\n  payer: {{fake::solana:64}}\n",
    });
    const r = cli(["scan", dir, "-f", "json", "--show-secrets", "--no-history"]);
    const got = (JSON.parse(r.stdout) as { findings: F[] }).findings.map((f) => [f.path, f.line, f.ruleId]);
    expect(got).toEqual([
      [".cursor/mcp.json", 1, "evm-private-key"],
      [".cursor/mcp.json", 1, "solana-private-key"],
      [".env", 1, "evm-private-key"],
      [".env", 2, "solana-private-key"],
      ["config/agent.yaml", 2, "solana-private-key"],
      ["scripts/deploy.ts", 1, "evm-private-key"],
    ]);
    expect(r.code).toBe(1);
    const plan = JSON.parse(cli(["plan", dir, "-f", "json", "--no-history"]).stdout) as {
      items: { playbook: string; federation: string }[];
    };
    expect(plan.items.map((i) => [i.playbook, i.federation])).toEqual(
      Array.from({ length: 6 }, () => ["wallet-private-key", "none"]),
    );
  });

  it("reports a Solana keypair file, one line or pretty-printed, and no other array of 64 bytes", () => {
    const pretty = (json: string) => JSON.stringify(JSON.parse(json), null, 2);
    const dir = tempTree({
      "id.json": "{{fake::solanajson:64}}\n",
      "deploy/program-keypair.json": "{{fake::solanajson:64}}",
      "noise.json": JSON.stringify(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255)),
      "short.json": JSON.stringify(Array.from({ length: 63 }, (_, i) => i)),
    });
    const file = join(dir, "deploy/program-keypair.json");
    writeFileSync(file, pretty(readFileSync(file, "utf8")));
    const r = cli(["scan", dir, "-f", "json", "--no-history"]);
    const got = (JSON.parse(r.stdout) as { findings: (F & { endLine: number })[] }).findings.map((f) => [
      f.path,
      f.ruleId,
      f.line,
      f.endLine,
    ]);
    expect(got).toEqual([
      ["deploy/program-keypair.json", "solana-private-key", 1, 66],
      ["id.json", "solana-private-key", 1, 1],
    ]);
  });

  it("audits the Solana CLI's keypair in ~/.config/solana with --home", () => {
    const home = tempTree({ ".config/solana/id.json": "{{fake::solanajson:64}}\n" });
    const r = cli(["scan", "--home", "-f", "json"], process.cwd(), { HOME: home, XDG_CONFIG_HOME: home });
    const got = (JSON.parse(r.stdout) as { findings: (F & { exposure: string })[] }).findings.map((f) => [
      f.path,
      f.ruleId,
      f.exposure,
    ]);
    expect(got).toEqual([["~/.config/solana/id.json", "solana-private-key", "home"]]);
  });

  it("reports no development chain's published account, no made-up keypair as Solana's, no path", () => {
    const published = ethereumAccountKeys(HARDHAT, 3).map((k) => k.toString(16).padStart(64, "0"));
    const notKeypair = base58Encode(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255));
    const dir = tempTree({
      ".env.example": [
        `PRIVATE_KEY=0x${published[0]}`,
        `DEPLOYER_PRIVATE_KEY=${published[2]}`,
        "PRIVATE_KEY_PATH=./keys/deployer.key",
        "",
      ].join("\n"),
      "wallet.env": `SOLANA_PRIVATE_KEY=${notKeypair}\n`,
    });
    const r = cli(["scan", dir, "-f", "json", "--no-history"]);
    const got = (JSON.parse(r.stdout) as { findings: F[] }).findings.map((f) => [f.path, f.ruleId]);
    // A 64-byte base58 value that is no keypair is still a secret-named value: the generic rule's.
    expect(got).toEqual([["wallet.env", "generic-secret"]]);
  });
});
