/**
 * Wallet recovery phrases (BIP-39): the checksum, the standard's own test vectors, the made-up phrases
 * of the fake generator, and what a scan reports of them in configs, code and prose.
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { isMnemonic, mnemonicOf, mnemonicWords } from "../src/detect/bip39.js";
import { expandFakes, FakeError } from "../src/rules/examples.js";
import { loadGlobal } from "../src/rules/load.js";
import { cli, removeTempDirs, tempTree } from "./cli-helpers.js";

afterAll(removeTempDirs);

const LIST = loadGlobal().global.bip39English;

describe("BIP-39 checksums", () => {
  it("gives the standard's test vectors for their entropy", () => {
    // BIP-39's published vectors: 16 bytes of 0x00, of 0x7f and of 0x80.
    expect(mnemonicOf(new Uint8Array(16), LIST)).toBe(
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    );
    expect(mnemonicOf(new Uint8Array(16).fill(0x7f), LIST)).toBe(
      "legal winner thank year wave sausage worth useful legal winner thank yellow",
    );
    expect(mnemonicOf(new Uint8Array(32).fill(0x80), LIST)).toBe(
      "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless",
    );
    expect(LIST.split(" ")).toHaveLength(2048);
    // The standard's english.txt, one word a line: BIP-39 publishes its SHA-256.
    const file = `${LIST.split(" ").join("\n")}\n`;
    expect(createHash("sha256").update(file).digest("hex")).toBe(
      "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda",
    );
  });

  it("takes every length with its checksum, and no phrase whose last word is changed", () => {
    for (const words of [12, 15, 18, 21, 24]) {
      const phrase = expandFakes(`{{fake::bip39:${words}}}`, `len${words}`);
      expect(phrase.split(" ")).toHaveLength(words);
      expect(mnemonicWords(phrase, LIST), phrase).toBeDefined();
      expect(isMnemonic(phrase, LIST)).toBe(true);
      // The last word's first 11 - CS bits are entropy, its last CS bits the checksum: of the 2,048
      // last words, 2^(11 - CS) give a valid phrase (128 for 12 words, 8 for 24), the phrase's own one.
      const head = phrase.split(" ").slice(0, -1).join(" ");
      const others = LIST.split(" ").filter((w) => isMnemonic(`${head} ${w}`, LIST)).length;
      expect(others).toBe(2 ** (11 - (words * 11) / 33));
    }
  });

  it("takes no word outside the list, no other count of words, and no phrase of a few words repeated", () => {
    const phrase = expandFakes("{{fake::bip39:12}}", "words");
    expect(mnemonicWords(phrase.replace(/^\S+/, "bitcoin"), LIST)).toBeUndefined();
    expect(mnemonicWords(`${phrase} ${phrase.split(" ")[0]}`, LIST)).toBeUndefined();
    expect(mnemonicWords(phrase.split(" ").slice(0, 11).join(" "), LIST)).toBeUndefined();
    const hardhat = "test test test test test test test test test test test junk";
    expect(mnemonicWords(hardhat, LIST)).toBeDefined();
    expect(isMnemonic(hardhat, LIST)).toBe(false);
    expect(isMnemonic(mnemonicOf(new Uint8Array(16), LIST), LIST)).toBe(false);
  });

  it("refuses a fake of a length no mnemonic has, or with a checksum of another kind", () => {
    expect(() => expandFakes("{{fake::bip39:13}}")).toThrow(FakeError);
    expect(() => expandFakes("{{fake::bip39:12:crc32}}")).toThrow(FakeError);
  });
});

interface F {
  path: string;
  line: number;
  ruleId: string;
  keyPath: string | null;
  secret: string;
}

describe("recovery phrases in a repository", () => {
  it("reports one under a name in .env, an MCP config, YAML and code, and one named in prose", () => {
    const dir = tempTree({
      ".env": "WALLET_MNEMONIC={{fake::bip39:12}}\n",
      ".mcp.json": '{"mcpServers":{"evm":{"command":"npx","env":{"MNEMONIC":"{{fake::bip39:24}}"}}}}\n',
      "deploy/wallet.yaml": "signer:\n  seed_phrase: {{fake::bip39:18}}\n",
      "src/wallet.ts": 'const seedPhrase = "{{fake::bip39:15}}";\n',
      "AGENTS.md":
        "# Agent\n\nUse the test wallet. Its recovery phrase is `{{fake::bip39:12}}`; it holds 1 ETH.\n",
    });
    const r = cli(["scan", dir, "-f", "json", "--show-secrets", "--no-history"]);
    const got = (JSON.parse(r.stdout) as { findings: F[] }).findings.map((f) => [
      f.path,
      f.line,
      f.ruleId,
      f.secret.split(" ").length,
    ]);
    expect(got).toEqual([
      [".env", 1, "bip39-recovery-phrase", 12],
      [".mcp.json", 1, "bip39-recovery-phrase", 24],
      ["AGENTS.md", 3, "bip39-recovery-phrase-text", 12],
      ["deploy/wallet.yaml", 2, "bip39-recovery-phrase", 18],
      ["src/wallet.ts", 1, "bip39-recovery-phrase", 15],
    ]);
    expect(r.code).toBe(1);
  });

  it("cuts a phrase that runs on into its sentence to the mnemonic its words start with", () => {
    const phrase = expandFakes("{{fake::bip39:15}}", "run-on");
    const dir = tempTree({
      "NOTES.md": `The bot's seed phrase is ${phrase} and the faucet tops the wallet up daily.\n`,
    });
    const r = cli(["scan", dir, "-f", "json", "--show-secrets", "--no-history"]);
    const got = (JSON.parse(r.stdout) as { findings: (F & { column: number; endColumn: number })[] })
      .findings;
    const at = "The bot's seed phrase is ".length + 1;
    expect(got.map((f) => [f.ruleId, f.secret, f.column, f.endColumn])).toEqual([
      ["bip39-recovery-phrase-text", phrase, at, at + phrase.length],
    ]);
  });

  it("reports no phrase whose checksum fails, nor a development chain's published one", () => {
    const good = expandFakes("{{fake::bip39:12}}", "bad").split(" ");
    // The first word swapped for the next one in the list: the same words, another checksum (most likely).
    const list = LIST.split(" ");
    const swapped = [list[(list.indexOf(good[0]!) + 1) % 2048], ...good.slice(1)].join(" ");
    expect(isMnemonic(swapped, LIST)).toBe(false);
    const dir = tempTree({
      ".env": [
        `MNEMONIC=${swapped}`,
        "DEV_MNEMONIC=test test test test test test test test test test test junk",
        "TRUFFLE_MNEMONIC=candy maple cake sugar pudding cream honey rich smooth crumble sweet treat",
        "",
      ].join("\n"),
    });
    const r = cli(["scan", dir, "-f", "json", "--no-history"]);
    expect((JSON.parse(r.stdout) as { findings: F[] }).findings).toEqual([]);
  });
});
