/**
 * `scan --home`: what an agent running as this user can read — every client's user-level config and
 * the classic credential files. Paths are reported as `~/…`.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import type { FileContext, FileKind, StructFormat } from "../types.js";
import { globLib } from "../util/lazy.js";
import type { Client } from "./clients.js";

export interface HomeFile {
  /** Absolute path on disk. */
  readonly abs: string;
  /** Shown path, `~/…`. */
  readonly shown: string;
  readonly context: FileContext;
}

export interface HomeEntry {
  readonly path: string;
  readonly kind: FileKind;
  readonly format?: StructFormat;
  readonly client?: string;
}

export interface HomeDirs {
  readonly home: string;
  readonly config: string;
  readonly appdata?: string;
}

export function homeDirs(env: NodeJS.ProcessEnv = process.env): HomeDirs {
  const home = env.HOME || env.USERPROFILE || homedir();
  return { home, config: env.XDG_CONFIG_HOME || join(home, ".config"), appdata: env.APPDATA };
}

/** Every home path to look at: client user-level files plus credential files. */
export function homeEntries(clients: readonly Client[], extra: readonly HomeEntry[]): HomeEntry[] {
  const out: HomeEntry[] = [];
  for (const c of clients) {
    for (const f of c.files) {
      if (f.path.startsWith("~/") || f.path.startsWith("{appdata}/"))
        out.push({ path: f.path, kind: f.kind, format: f.format, client: c.id });
    }
  }
  return [...out, ...extra];
}

function expand(path: string, d: HomeDirs): string[] {
  if (path.startsWith("~/")) return [join(d.home, path.slice(2))];
  if (path.startsWith("{config}/"))
    return [join(d.config, path.slice(9)), ...(d.appdata ? [join(d.appdata, path.slice(9))] : [])];
  if (path.startsWith("{appdata}/")) {
    const rest = path.slice(10);
    return [
      join(d.config, rest),
      ...(d.appdata ? [join(d.appdata, rest)] : []),
      join(d.home, "Library/Application Support", rest),
    ];
  }
  return [];
}

function shownPath(abs: string, d: HomeDirs): string {
  return abs.startsWith(`${d.home}/`) ? `~/${abs.slice(d.home.length + 1)}` : abs;
}

/** Existing files, deduplicated (a path listed by two clients is read once, first client wins). */
export async function listHome(entries: readonly HomeEntry[], d: HomeDirs): Promise<HomeFile[]> {
  const seen = new Set<string>();
  const out: HomeFile[] = [];
  for (const e of entries) {
    for (const candidate of expand(e.path, d)) {
      const matches = /[*?[{]/.test(candidate)
        ? await globLib()(globLib().escapePath(candidate).replace(/\\\*/g, "*"), {
            onlyFiles: true,
            dot: true,
            followSymbolicLinks: false,
            suppressErrors: true,
          })
        : [candidate];
      for (const abs of matches) {
        if (seen.has(abs)) continue;
        seen.add(abs);
        const context: FileContext = {
          fileKind: e.kind,
          ...(e.format ? { format: e.format } : {}),
          ...(e.client ? { client: e.client } : {}),
        };
        out.push({ abs, shown: shownPath(abs, d), context });
      }
    }
  }
  return out;
}
