/** Loads rules/clients.yaml: the table of MCP / agent clients (start-up loader). */
import { join } from "node:path";
import { BUILTIN_RULES_DIR, readYaml } from "../rules/load.js";
import type { Problem } from "../rules/schema.js";
import type { FileKind, StructFormat } from "../types.js";

export interface ClientFile {
  readonly path: string;
  readonly format: StructFormat;
  readonly kind: FileKind;
  readonly contains?: string;
}

export interface Client {
  readonly id: string;
  readonly name: string;
  readonly files: readonly ClientFile[];
  readonly servers: readonly string[];
  readonly expands: readonly RegExp[];
  readonly secure: string;
}

let cached: Client[] | undefined;

export function loadClients(dir = BUILTIN_RULES_DIR): Client[] {
  if (cached && dir === BUILTIN_RULES_DIR) return cached;
  const problems: Problem[] = [];
  const parsed = readYaml(join(dir, "clients.yaml"), "rules/clients.yaml", problems);
  const first = problems[0] ?? parsed?.problems[0];
  if (!parsed || first) throw new Error(`rules/clients.yaml: ${first?.message ?? "unreadable"}`);
  const raw = (parsed.value as { clients?: unknown[] }).clients ?? [];
  const clients = raw.map((c) => {
    const r = c as Record<string, unknown>;
    return {
      id: String(r.id),
      name: String(r.name),
      files: (r.files as ClientFile[]) ?? [],
      servers: (r.servers as string[]) ?? [],
      expands: ((r.expands as string[]) ?? []).map((s) => new RegExp(s)),
      secure: String(r.secure ?? ""),
    };
  });
  if (dir === BUILTIN_RULES_DIR) cached = clients;
  return clients;
}
