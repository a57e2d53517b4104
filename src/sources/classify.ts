/**
 * What kind of file a path is (pure): agent-client config (and which client), agent instructions,
 * prompt, dotenv, notebook, key, CI, infrastructure, code, config, docs. Drives parsing and context.
 */

import { isLineBreak } from "../detect/quoted.js";
import { isSpace } from "../detect/scheme-header.js";
import type { FileContext, FileKind, StructFormat } from "../types.js";
import { GlobIndex } from "../util/globs.js";
import { detached } from "../util/strings.js";
import type { Client } from "./clients.js";

interface Matcher {
  readonly glob: string;
  readonly ctx: FileContext;
  readonly contains?: string;
}

/** Well-known paths: glob, kind, and the format to parse them as. */
export const NAMED: readonly [string, FileKind, StructFormat?][] = [
  // agent instruction and rule files
  ["**/{AGENTS,AGENT,CLAUDE,CLAUDE.local,GEMINI,QWEN,CONVENTIONS}.md", "agent-instructions"],
  ["**/{.cursorrules,.windsurfrules,.clinerules,.goosehints,.rules,.aider.conf.yml}", "agent-instructions"],
  ["**/.cursor/rules/**", "agent-instructions"],
  ["**/.windsurf/rules/**", "agent-instructions"],
  ["**/.clinerules/**", "agent-instructions"],
  ["**/.roo/rules*/**", "agent-instructions"],
  ["**/.kiro/steering/**", "agent-instructions"],
  ["**/.amazonq/rules/**", "agent-instructions"],
  ["**/.github/copilot-instructions.md", "agent-instructions"],
  ["**/.github/instructions/**", "agent-instructions"],
  ["**/.github/agents/*.md", "agent-instructions"],
  ["**/.claude/{agents,commands,skills}/**", "agent-instructions"],
  ["**/*.{prompt.md,prompty}", "prompt"],
  ["**/*.prompt.{yml,yaml}", "prompt", "yaml"],
  ["**/.github/prompts/**", "prompt"],
  ["**/{agents,tasks}.{yaml,yml}", "prompt", "yaml"],
  ["**/OAI_CONFIG_LIST{,.json}", "agent-settings", "jsonc"],
  // secrets-bearing well-known files
  ["**/.env", "dotenv", "dotenv"],
  ["**/.env.*", "dotenv", "dotenv"],
  ["**/*.env", "dotenv", "dotenv"],
  ["**/.envrc", "dotenv", "dotenv"],
  ["**/*.ipynb", "notebook", "notebook"],
  ["**/{id_rsa,id_dsa,id_ecdsa,id_ed25519}", "private-key"],
  ["**/*.{pem,key,p8,ppk,asc,gpg}", "private-key"],
  ["**/{.npmrc,.git-credentials,.gem/credentials}", "credentials"],
  ["**/{.pypirc,.my.cnf,.s3cfg,.boto}", "credentials", "ini"],
  ["**/{.netrc,_netrc}", "credentials", "netrc"],
  ["**/.pgpass", "credentials", "pgpass"],
  ["**/.docker/config.json", "credentials", "jsonc"],
  ["**/.aws/{credentials,config}", "credentials", "ini"],
  ["**/{kubeconfig,.kube/config}", "credentials", "yaml"],
  ["**/.terraformrc", "credentials"],
  ["**/terraform.rc", "credentials"],
  // CI and infrastructure
  ["**/.github/workflows/*.{yml,yaml}", "ci-workflow", "yaml"],
  ["**/.github/actions/**/action.{yml,yaml}", "ci-workflow", "yaml"],
  ["**/.gitlab-ci.yml", "ci-workflow", "yaml"],
  [
    "**/{.circleci/config.yml,bitbucket-pipelines.yml,azure-pipelines.yml,.travis.yml,Jenkinsfile,.drone.yml,buildkite.yml,.buildkite/pipeline.yml}",
    "ci-workflow",
  ],
  ["**/*.{tf,tfvars,hcl}", "terraform"],
  ["**/*.tfvars.json", "terraform", "jsonc"],
  ["**/{Dockerfile,Containerfile}{,.*}", "docker"],
  ["**/*.dockerfile", "docker"],
  ["**/{docker-compose,compose}{,.*}.{yml,yaml}", "docker", "yaml"],
  [
    "**/{charts,helm,k8s,kubernetes,manifests,deploy,kustomize,overlays,base}/**/*.{yml,yaml}",
    "kubernetes",
    "yaml",
  ],
  ["**/{values,kustomization,Chart}{,.*}.{yml,yaml}", "kubernetes", "yaml"],
];

const CODE_EXT =
  /\.(?:[cm]?[jt]sx?|py|pyw|pyi|pyx|pxd|rb|go|rs|java|kt|kts|scala|groovy|gradle|cs|fs|vb|php|swift|m|mm|c|cc|cpp|cxx|h|hh|hpp|hxx|tcc|tpp|ipp|inl|cu|cuh|dart|lua|pl|pm|r|jl|ex|exs|erl|hs|clj|cljs|ml|sql|vue|svelte|astro|sol|zig|nim|cr|tcl|tm|vim|el|lisp)$/i;
const SHELL_EXT = /\.(?:sh|bash|zsh|fish|ps1|psm1|bat|cmd)$/i;
const CONFIG_FORMAT: readonly [RegExp, StructFormat][] = [
  [/\.(?:json|jsonc|json5|code-workspace)$/i, "jsonc"],
  [/\.(?:ya?ml)$/i, "yaml"],
  [/\.toml$/i, "toml"],
  [/\.ini$/i, "ini"],
];
const CONFIG_EXT = /\.(?:ini|cfg|conf|cnf|properties|xml|plist|config|props|env\.example)$/i;
const DOC_EXT = /\.(?:md|mdx|markdown|txt|rst|adoc|org|html?|tex)$/i;
/** A file of documented examples, named `examples`, `examples-1` or `<api>.examples`. */
const EXAMPLES_FILE = /(?:^|\/|\.)examples(?:-\d{1,3})?\.(?:json|ya?ml)$/i;

const CODE: FileContext = { fileKind: "code" };

export class Classifier {
  private readonly matchers: Matcher[] = [];
  /** Path-only results (no content check involved), for history where paths repeat. */
  private readonly cache = new Map<string, FileContext>();

  private readonly index: GlobIndex;

  constructor(clients: readonly Client[]) {
    for (const client of clients) {
      for (const f of client.files) {
        if (f.path.startsWith("~/") || f.path.startsWith("{")) continue;
        this.matchers.push({
          glob: f.path,
          ctx: { fileKind: f.kind, format: f.format, client: client.id },
          contains: f.contains,
        });
      }
    }
    for (const [glob, kind, format] of NAMED) {
      this.matchers.push({ glob, ctx: format ? { fileKind: kind, format } : { fileKind: kind } });
    }
    this.index = new GlobIndex(this.matchers.map((m) => m.glob));
  }

  /**
   * Classifies a repo-relative path (forward slashes). `head` is the start of the file's text, used
   * where a name alone is ambiguous (manifest.json, server.json, Kubernetes YAML).
   */
  classify(path: string, head = ""): FileContext {
    // Source code outside dot-folders matches no client or agent glob (those are JSON, YAML, TOML,
    // markdown, or live under .cursor/, .github/… folders): answered without the cache, whose copy of
    // the path and insertion cost more than the test.
    // (A dot-folder: a segment starting with `.`, found by two string checks: the regex `(?:^|\/)\.`
    // tried every position, and the test took 2.7 ms for 2,296 paths, now 1.0 ms.)
    if (CODE_EXT.test(path) && path.charCodeAt(0) !== 46 && !path.includes("/.")) return CODE;
    const hit = this.cache.get(path);
    if (hit) return hit;
    this.usedContent = false;
    const ctx = this.classifyUncached(path, head);
    // Only answers that came from the name alone are cached (history sees the same paths often).
    if (!this.usedContent && this.cache.size < 100_000) this.cache.set(detached(path), ctx);
    return ctx;
  }

  /** Set while classifying when the answer depended on the file's content. */
  private usedContent = false;

  private classifyUncached(path: string, head: string): FileContext {
    const bare = path.startsWith("/") ? path.slice(1) : path;
    const p = `/${bare}`;
    const candidates = this.index.candidates(bare);
    for (let i = 0; i < this.matchers.length; i++) {
      if (candidates[i] === 0) continue;
      const m = this.matchers[i]!;
      if (this.index.test(i, bare) || this.index.test(i, p)) {
        if (m.contains) {
          this.usedContent = true;
          if (!head.includes(m.contains)) continue;
        }
        return m.ctx;
      }
    }
    const fmt = CONFIG_FORMAT.find(([re]) => re.test(path))?.[1];
    if (fmt === "yaml") this.usedContent = true;
    if (fmt === "yaml" && keyLine(head, "apiVersion:") && keyLine(head, "kind:")) {
      return { fileKind: "kubernetes", format: "yaml" };
    }
    // An API's documented examples (AWS SDKs' `iam-2010-05-08.examples.json`, botocore's
    // `examples-1.json`): documentation, read in its format.
    if (fmt && EXAMPLES_FILE.test(path)) return { fileKind: "docs", format: fmt };
    if (fmt) return { fileKind: "config", format: fmt };
    if (CODE_EXT.test(path) || SHELL_EXT.test(path)) return { fileKind: "code" };
    if (CONFIG_EXT.test(path)) return { fileKind: "config" };
    if (DOC_EXT.test(path)) return { fileKind: "docs" };
    return { fileKind: "other" };
  }
}

/**
 * Whether `head` has a line whose first word is `key` with a value after it: what `/^\s*key\s*\S/m`
 * answers, but the key is found by indexOf and only its line's start looked at. The regex tried every
 * position of a YAML file's first 4 KiB, 11 µs a file (22 ms of the bench's 2,000-file YAML tree).
 */
export function keyLine(head: string, key: string): boolean {
  for (let at = head.indexOf(key); at >= 0; at = head.indexOf(key, at + 1)) {
    let i = at - 1;
    while (i >= 0 && isSpace(head.charCodeAt(i)) && !isLineBreak(head.charCodeAt(i))) i--;
    if (i >= 0 && !isLineBreak(head.charCodeAt(i))) continue; // a word before the key on its line
    // A value after the key: anything but blanks, on its line or the next ones.
    for (let j = at + key.length; j < head.length; j++) if (!isSpace(head.charCodeAt(j))) return true;
    return false;
  }
  return false;
}

/**
 * A translation catalogue: a file under a folder of translations (`i18n/`, `locales/`, `lang/`,
 * `localization/`…), or in a translation format (gettext's `.po`, XLIFF, Apple's `.strings`, Flutter's
 * `.arb`, Fluent's `.ftl`, PostfixAdmin's `.lang`, Java's `messages_de.properties`). Its values under a
 * credential's name are that word's translations (Spanish `Contraseña:` under MediaWiki's
 * `config-admin-password`).
 */
const TRANSLATION_DIRS = new Set(
  "i18n l10n locale locales localization localizations translation translations lang".split(" "),
);
const TRANSLATION_FILE =
  /\.(?:pot?|xliff|xlf|strings|arb|ftl|lang)$|(?:^|\/)messages_[a-z]{2,3}(?:_[A-Z]{2})?\.properties$/;

export function isTranslations(path: string): boolean {
  // Folder names looked up, not matched by a regex: V8 compiled that one (case-blind) in 0.6 ms, twice.
  const parts = path.split("/");
  for (let i = 0; i < parts.length - 1; i++) if (TRANSLATION_DIRS.has(parts[i]!.toLowerCase())) return true;
  return TRANSLATION_FILE.test(path);
}

/**
 * Whether a path's extension names a structured format (JSON, YAML, TOML): such a file is parsed, and
 * then it has no tree copy (tree-copies.ts keeps only files with none), so no blob id is made for it.
 */
export function structuredByPath(path: string): boolean {
  return CONFIG_FORMAT.some(([re]) => re.test(path));
}

/** True when values in this file kind are program expressions (unquoted right-hand sides are not literals). */
export function isCode(path: string, ctx: FileContext): boolean {
  return ctx.fileKind === "code" && CODE_EXT.test(path);
}
