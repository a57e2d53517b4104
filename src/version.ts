import { readFileSync } from "node:fs";

/**
 * The package version, read once from package.json: one folder up from dist/version.js, two from the
 * bundle in dist/bundle/.
 */
function readVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "agent-secrets" && pkg.version) return pkg.version;
    } catch {
      // not this folder
    }
  }
  return "0.0.0";
}

export const VERSION: string = readVersion();
