/** A small TOML writer for the property tests: varies table, string and array styles by a seed. */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

type Rand = () => number;

function random(seed: number): Rand {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const isTable = (v: TomlValue): v is TomlTable => typeof v === "object" && !Array.isArray(v);
const isTableArray = (v: TomlValue): v is TomlTable[] => Array.isArray(v) && v.length > 0 && v.every(isTable);

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const NAMED: Readonly<Record<string, string>> = { "\b": "b", "\t": "t", "\n": "n", "\f": "f", "\r": "r" };

function escapeChar(c: string, keep: RegExp): string {
  if (c === "\\" || c === '"') return `\\${c}`;
  if (keep.test(c)) return c;
  const named = NAMED[c];
  if (named) return `\\${named}`;
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

function basic(s: string): string {
  return `"${s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => escapeChar(c, /\t/))}"`;
}

function multiBasic(s: string): string {
  return `"""\n${s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => escapeChar(c, /[\t\n]/))}"""`;
}

function string(s: string, rand: Rand): string {
  const r = rand();
  if (r < 0.2 && !s.includes("'") && !CONTROL.test(s)) return `'${s}'`;
  if (r < 0.4 && !s.includes("'''") && !s.endsWith("'") && !CONTROL_BUT_NEWLINE.test(s))
    return `'''\n${s}'''`;
  if (r < 0.6) return multiBasic(s);
  return basic(s);
}

function key(k: string, rand: Rand): string {
  if (/^[A-Za-z0-9_-]+$/.test(k)) return k;
  return !k.includes("'") && !CONTROL.test(k) && rand() < 0.3 ? `'${k}'` : basic(k);
}

function inline(v: TomlValue, rand: Rand): string {
  if (typeof v === "string") return string(v, rand);
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => inline(x, rand));
    if (rand() < 0.3) return `[\n  ${items.map((x) => `${x}, # item`).join("\n  ")}\n]`;
    return `[${items.join(", ")}]`;
  }
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${key(k, rand)} = ${inline(x, rand)}`)
    .join(", ")} }`;
}

function writeTable(table: TomlTable, path: string[], out: string[], rand: Rand): void {
  const later: [string, TomlTable | TomlTable[]][] = [];
  for (const [k, v] of Object.entries(table)) {
    if ((isTable(v) || isTableArray(v)) && rand() < 0.7) later.push([k, v]);
    else out.push(`${key(k, rand)} = ${inline(v, rand)}`);
  }
  for (const [k, v] of later) {
    const sub = [...path, k];
    const header = sub.map((x) => key(x, rand)).join(".");
    for (const element of Array.isArray(v) ? v : [v]) {
      out.push(Array.isArray(v) ? `\n[[${header}]]` : `\n[${header}]`);
      writeTable(element, sub, out, rand);
    }
  }
}

export function writeToml(root: TomlTable, seed: number): string {
  const out: string[] = ["# generated"];
  writeTable(root, [], out, random(seed));
  return `${out.join("\n")}\n`;
}
