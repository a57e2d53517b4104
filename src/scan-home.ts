/**
 * `scan --home`: the user's own agent-client configs and credential files, read in place (symlinks
 * inside $HOME followed), reported as `~/…`.
 */
import { realpathSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { brokenReferences } from "./findings/references.js";
import { scanFragment } from "./pipeline.js";
import type { Prepared, RootState } from "./scan.js";
import { contextFor } from "./scan-file.js";
import { type HomeEntry, homeDirs, homeEntries, listHome } from "./sources/home.js";
import { readFileSafe } from "./sources/read.js";
import { annotate } from "./structure/index.js";
import type { Fragment } from "./types.js";
import { append } from "./util/arrays.js";

export async function scanHome(maxBytes: number, prep: Prepared, state: RootState): Promise<void> {
  const dirs = homeDirs();
  const entries = homeEntries(prep.clients, prep.ruleset.global.homeFiles as HomeEntry[]);
  const files = await listHome(entries, dirs);
  let realHome = dirs.home;
  try {
    realHome = realpathSync.native(dirs.home);
  } catch {
    return;
  }
  const ctx = contextFor(prep, "", "~");
  for (const f of files) {
    try {
      statSync(f.abs);
    } catch {
      continue; // not there: nothing to audit
    }
    const res = readFileSafe(dirname(f.abs), basename(f.abs), maxBytes, realHome, true);
    if (!res.ok) {
      if (res.diagnostic) state.diagnostics.push({ ...res.diagnostic, path: f.shown });
      continue;
    }
    state.stats.files++;
    state.stats.bytes += res.bytes;
    const keys = f.context.format ? annotate(res.text, f.context.format) : undefined;
    const frag: Fragment = {
      text: res.text,
      origin: { kind: "home", path: f.shown, client: f.context.client },
      firstLine: 1,
      context: f.context,
      keys,
    };
    const client = f.context.client ? prep.clients.find((c) => c.id === f.context.client) : undefined;
    if (client && keys && !keys.error)
      append(state.diagnostics, brokenReferences(res.text, keys, client, f.shown));
    const r = scanFragment(frag, prep.engine, ctx);
    append(state.findings, r.findings);
    state.stats.suppressed += r.allowed;
  }
}
