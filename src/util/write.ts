/** Output written in parts, so no single string has to hold it (see report/json-pieces.ts). */
import { accessSync, closeSync, constants, openSync, statSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";

const HINT = "choose a file in an existing folder you may write to";

/** The error for a file that cannot be written: one line and a hint, exit code 2 (cli.ts). */
function cannotWrite(file: string, why: string, hint?: string): UsageError {
  return new UsageError(`cannot write ${file}: ${why}`, hint);
}

/**
 * Throws when any of `files` cannot be written: a folder, a folder that does not exist, a file or
 * folder without write permission. Asked before a scan, so a mistyped output path fails at once
 * instead of after minutes of scanning. An existing file is left as it is until its report is written.
 */
export function checkWritable(files: readonly (string | undefined)[]): void {
  for (const file of files) {
    if (file === undefined) continue;
    const existing = statOf(file);
    if (existing?.isDirectory()) throw cannotWrite(file, "it is a folder", HINT);
    const target = existing ? file : dirname(resolve(file));
    if (!existing) {
      const parent = statOf(target);
      if (!parent) throw cannotWrite(file, `the folder ${target} does not exist`, HINT);
      if (!parent.isDirectory()) throw cannotWrite(file, `${target} is not a folder`, HINT);
    }
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw cannotWrite(file, existing ? "permission denied" : `permission denied in ${target}`, HINT);
    }
  }
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes `parts` in order to `file` (created, or emptied first, with `mode` when created), or passes
 * each to `elsewhere` (the CLI's stdout) when no file is given. A file that cannot be opened or
 * written (a full disk, a folder removed meanwhile) is one line's error, not a stack trace.
 */
export function writeParts(
  file: string | undefined,
  parts: Iterable<string>,
  elsewhere: (part: string) => void,
  mode?: number,
): void {
  if (!file) {
    for (const part of parts) elsewhere(part);
    return;
  }
  let fd: number;
  try {
    fd = openSync(file, "w", mode);
  } catch (e) {
    throw cannotWrite(file, reason(e), HINT);
  }
  try {
    for (const part of parts) {
      const bytes = Buffer.from(part, "utf8");
      try {
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      } catch (e) {
        throw cannotWrite(file, reason(e));
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** An I/O error's reason without Node's code and system call ("ENOSPC: …, write"): "no space left on device". */
function reason(e: unknown): string {
  const m = /^[A-Z]+: (.*?)(?:, \w+(?: '.*')?)?$/.exec((e as Error).message ?? "");
  return m ? m[1]! : String((e as Error).message ?? e);
}
