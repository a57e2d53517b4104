import type { Confidence, Severity } from "../types.js";

/** A rule as written in a provider file (after schema validation). */
export interface RuleSpec {
  readonly id: string;
  readonly name: string;
  readonly severity: Severity;
  readonly confidence?: Confidence;
  readonly pattern: string;
  readonly keywords: readonly string[];
  readonly key?: string;
  readonly entropy?: number;
  readonly validate?: ValidatorName;
  readonly playbook: string;
  readonly description?: string;
  readonly references?: readonly string[];
  readonly examples: readonly string[];
  readonly negative_examples: readonly string[];
  /** A format with no provider identity (JWT…): loses to provider and keyed rules on the same span. */
  readonly generic?: boolean;
  /** The secret sits in a URL (its user info's password, a query parameter): its host is judged. */
  readonly in_url?: boolean;
  /** The same credential also written beside a match, as another rule's match (Rule.pairedWith). */
  readonly paired_with?: PairedWith;
}

/**
 * A credential written as two values of one object, each the match of its own rule: a key file's
 * private key (`rule`, under the name `key` when given) beside the key's id (this rule's match).
 * `report_as` names the rule the credential is reported under: this rule (the default) or `rule`.
 */
export interface PairedWith {
  readonly rule: string;
  readonly key?: string;
  readonly report_as?: string;
}

/** A rule's PairedWith as the scan reads it: `reportAs` is this rule's id or `rule`. */
export interface Pairing {
  readonly rule: string;
  readonly key: string | undefined;
  readonly reportAs: string;
}

export type ValidatorName =
  | "crc32-base62"
  | "jwt"
  | "base64-json"
  | "pem-der"
  | "bip39"
  | "secp256k1"
  | "solana-keypair";
export const VALIDATORS: readonly ValidatorName[] = [
  "crc32-base62",
  "jwt",
  "base64-json",
  "pem-der",
  "bip39",
  "secp256k1",
  "solana-keypair",
];

/** A compiled rule: data plus ready regexes. Render-safe fields are those of RuleMeta. */
export interface RuleMeta {
  readonly id: string;
  readonly provider: string;
  readonly providerName: string;
  readonly name: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly playbook: string;
  readonly description: string;
  readonly references: readonly string[];
  /** Where the rule was defined, for diagnostics. */
  readonly source: string;
}

export interface Rule extends RuleMeta {
  /** Global regex over raw text (pattern rules) or anchored regex over one value (keyed rules). */
  readonly regex: RegExp;
  /** For keyed rules: anchored, case-insensitive regex on the key name. */
  readonly key?: RegExp;
  readonly keywords: readonly string[];
  readonly entropy?: number;
  readonly validate?: ValidatorName;
  /** Generic rules (no provider format) lose to provider rules on the same span. */
  readonly generic: boolean;
  /** The secret sits in a URL, whose host is judged against documentation_hosts. */
  readonly inUrl: boolean;
  /**
   * Where a match's credential is also written beside it, under another rule: the two are reported
   * once, where that one is, under the rule `reportAs` names (detect/pair-up.ts).
   */
  readonly pairedWith: Pairing | undefined;
  /** Text every match of a pattern rule starts with (optimize.ts matchPrefix), "" when none is certain. */
  readonly prefix?: string;
  /** The pattern can span lines (PEM blocks…): matched over the whole text, never windowed. */
  readonly multiline: boolean;
  /** Overlap priority: provider pattern 30, provider keyed 20, generic format (JWT) 15, generic 10. */
  readonly priority: number;
  readonly examples: readonly string[];
  readonly negativeExamples: readonly string[];
  readonly pattern: string;
}

/** Lists from rules/global.yaml, compiled. */
export interface GlobalData {
  /** Values that are placeholders, never secrets (whole-value, case-insensitive regexes). */
  readonly placeholders: readonly RegExp[];
  /** Substrings that mark a value as a placeholder when present anywhere in it. */
  readonly placeholderWords: readonly string[];
  /** Reference syntaxes: the value names a secret kept elsewhere. */
  readonly references: readonly RegExp[];
  /** Documented example keys from providers' docs. */
  readonly exampleSecrets: ReadonlySet<string>;
  /** HMAC keys published in JWT documentation: a token they sign is an example. */
  readonly demoSigningKeys: readonly string[];
  /** Hosts reserved for documentation (whole host, case-insensitive): a URL password for one is an example. */
  readonly documentationHosts: RegExp;
  /** Pairs of letters that English words almost never hold: random letters do. */
  readonly rareLetterPairs: ReadonlySet<string>;
  /** Path globs never scanned (lockfiles, vendored code) unless included. */
  readonly pathExcludes: readonly string[];
  /** Key-name regex that makes a key "secret-named" for generic detection. */
  readonly secretKey: RegExp;
  /** Key-name regex for keys that look secret-named but hold non-secrets (token_type, max_tokens...). */
  readonly notSecretKey: RegExp;
  /** Key-name regex for the secret-named keys that name a password (judged as passwords are). */
  readonly passwordKey: RegExp;
  /** BIP-39's English word list, space-separated in its order (the bip39 validator's). */
  readonly bip39English: string;
  /**
   * Recovery phrases development chains publish (Hardhat's and Anvil's, Truffle's, Ganache's): the
   * accounts they derive are no secret (the secp256k1 validator's).
   */
  readonly publishedTestMnemonics: readonly string[];
  /** Those accounts' private keys (64 hex digits), when the build derived them (the rules cache). */
  readonly publishedTestKeys?: ReadonlySet<string>;
  /** Credential files in $HOME read by `scan --home` (besides clients' user-level configs). */
  readonly homeFiles: readonly { readonly path: string; readonly kind: string; readonly format?: string }[];
}

export interface Ruleset {
  readonly rules: readonly Rule[];
  readonly byId: ReadonlyMap<string, Rule>;
  readonly global: GlobalData;
}
