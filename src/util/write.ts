/** Output written in parts, so no single string has to hold it (see report/json-pieces.ts). */
import { accessSync, closeSync, constants, openSync, statSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";

const HINT = "choose a file in an existing folder you may write to";

/** The name that stands for stdout, wherever an output file is asked for. */
export const STDOUT = "-";

/** Whether output named `file` goes to stdout: none named (the main report's default), or "-". */
export function toStdout(file: string | undefined): boolean {
  return !file || file === STDOUT;
}

/**
 * Throws when more than one of `outputs` (each an option and the file it names, undefined when it
 * names none) goes to stdout, where their texts would run into each other. `main` is the one whose
 * absence means stdout (the report without `-o`); any other only goes there when named "-".
 */
export function oneStdout(outputs: readonly (readonly [option: string, file: string | undefined])[]): void {
  const [main, ...rest] = outputs;
  const there = [...(main && toStdout(main[1]) ? [main] : []), ...rest.filter(([, f]) => f === STDOUT)];
  if (there.length < 2) return;
  const names = there.map(([option, file]) => (file ? `${option} ${file}` : `the report (no ${option})`));
  throw new UsageError(
    `${names.join(" and ")} would all write to stdout`,
    `give all but one of them a file name; "${STDOUT}" names stdout`,
  );
}

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
    if (file === undefined || file === STDOUT) continue;
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
 * each to `elsewhere` (the CLI's stdout) when no file is given or it is "-" (STDOUT). A file that
 * cannot be opened or written (a full disk, a folder removed meanwhile) is one line's error, not a
 * stack trace.
 */
export function writeParts(
  file: string | undefined,
  parts: Iterable<string>,
  elsewhere: (part: string) => void,
  mode?: number,
): void {
  if (file === undefined || toStdout(file)) {
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
