// The demo templates (fixtures/demo/) copied into a folder, with their {{fake:…}} secrets generated
// now, so none is committed. Used by the demo and by the code-cache warm-up of the build.
import { cpSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expandFakes } from "../dist/rules/examples.js";

const TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/demo");
const RENAMES = { _env: ".env", "_env.example": ".env.example", _gitignore: ".gitignore" };

export function expandTemplates(dest) {
  cpSync(TEMPLATES, dest, { recursive: true });
  const expandTree = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === ".git") continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) expandTree(p);
      else writeFileSync(p, expandFakes(readFileSync(p, "utf8"), `demo:${p.slice(dest.length)}`));
      if (RENAMES[name]) renameSync(p, join(dir, RENAMES[name]));
    }
  };
  expandTree(dest);
}
