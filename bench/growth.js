// Inputs whose scan must grow with their size and no faster, for npm run bench: one file each, made
// at two sizes (n and 4n items), where an item is a line or a value holding a token. Each shape leads
// a different path: the decoders' views of escaped and block values and the mapping of their hits
// back to the file, keyed pairs of .env lines and code, Markdown's fences, notebooks and flow mappings.
// Round 52 found one such path growing with the square (a JSON string of many hits: 5.0 s for a
// megabyte), which a cap on value length had kept small; the cap also hid secrets past 64 KiB.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { doneMarker } from "./yaml-tree.js";

/** `n` script lines, each exporting a token of `token()`, as a shell would (`export NAME="…"`). */
const exports = (n, token) => Array.from({ length: n }, (_, i) => `export API_TOKEN_${i}="${token()}"`);

/**
 * The shapes: [name, file name, label, text(n, token)]. `token()` gives a fresh random token of 32
 * letters and digits; the text holds about n of them.
 */
export const GROWTH_SHAPES = [
  [
    "json-strings",
    "data.json",
    "JSON strings of many escaped lines",
    (n, token) => {
      const per = Math.ceil(n / 4);
      const values = Array.from({ length: 4 }, () =>
        exports(per, token)
          .map((l) => l.replaceAll('"', '\\"'))
          .join("\\n"),
      );
      return `{${values.map((v, i) => `"step${i}": "${v}"`).join(", ")}}\n`;
    },
  ],
  [
    "yaml-block",
    "deploy.yaml",
    "a YAML block scalar of many lines",
    (n, token) =>
      `job:\n  script: |\n${exports(n, token)
        .map((l) => `    ${l}`)
        .join("\n")}\n`,
  ],
  [
    "yaml-quoted",
    "deploy.yaml",
    "a YAML double-quoted scalar of many escaped lines",
    (n, token) =>
      `job:\n  script: "${exports(n, token)
        .map((l) => l.replaceAll('"', '\\"'))
        .join("\\n")}"\n`,
  ],
  [
    "notebook",
    "analysis.ipynb",
    "a notebook's output of many lines",
    (n, token) =>
      `${JSON.stringify({
        cells: [
          {
            cell_type: "code",
            source: ["!env"],
            outputs: [
              { output_type: "stream", name: "stdout", text: exports(n, token).map((l) => `${l}\n`) },
            ],
          },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      })}\n`,
  ],
  [
    "toml-multiline",
    "config.toml",
    "a TOML multi-line string",
    (n, token) => `script = """\n${exports(n, token).join("\n")}\n"""\n`,
  ],
  [
    "dotenv",
    ".env",
    "a .env file",
    (n, token) => `${Array.from({ length: n }, (_, i) => `API_TOKEN_${i}=${token()}`).join("\n")}\n`,
  ],
  [
    "code-line",
    "settings.js",
    "one line of code with many assignments",
    (n, token) => `${Array.from({ length: n }, (_, i) => `var api_token_${i}="${token()}";`).join("")}\n`,
  ],
  [
    "markdown-fences",
    "SETUP.md",
    "Markdown with many fenced blocks",
    (n, token) =>
      exports(n, token)
        .map((l) => `Run:\n\n\`\`\`sh\n${l}\n\`\`\`\n`)
        .join("\n"),
  ],
  [
    "yaml-flow",
    "env.yaml",
    "a YAML flow mapping on one line",
    (n, token) => `env: {${Array.from({ length: n }, (_, i) => `API_TOKEN_${i}: ${token()}`).join(", ")}}\n`,
  ],
];

/** How many items the smaller input of each shape holds; the larger holds four times as many. */
export const GROWTH_ITEMS = 2000;
/** The factor between the two sizes. */
export const GROWTH_FACTOR = 4;

/**
 * Writes shape `shape` (a GROWTH_SHAPES entry) with `n` items into `dir` (once: its doneMarker keeps
 * it), tokens drawn from `rnd()` in [0, 1). Returns the file's path.
 */
export function genGrowthInput(dir, shape, n, rnd) {
  const [, file, , text] = shape;
  const path = join(dir, file);
  if (existsSync(doneMarker(dir))) return path;
  mkdirSync(dir, { recursive: true });
  const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const token = () => {
    let t = "";
    while (t.length < 32) t += alnum[Math.floor(rnd() * alnum.length)];
    return t;
  };
  writeFileSync(path, text(n, token));
  writeFileSync(doneMarker(dir), "");
  return path;
}
