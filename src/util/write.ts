/** Output written in parts, so no single string has to hold it (see report/json-pieces.ts). */
import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Writes `parts` in order to `file` (created, or emptied first), or passes each to `elsewhere` (the
 * CLI's stdout) when no file is given.
 */
export function writeParts(
  file: string | undefined,
  parts: Iterable<string>,
  elsewhere: (part: string) => void,
): void {
  if (!file) {
    for (const part of parts) elsewhere(part);
    return;
  }
  const fd = openSync(file, "w");
  try {
    for (const part of parts) {
      const bytes = Buffer.from(part, "utf8");
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    }
  } finally {
    closeSync(fd);
  }
}
