/**
 * What of `git log -p` / `git diff` output a pump thread passes on (git-pump.ts): all of it but the
 * removed lines that cross the end of a chunk. A line starting with `-` changes nothing DiffParser
 * keeps, in a hunk or out of one (it reads only added lines, headers and hunk starts), and a commit that
 * rewrites a one-line bundle or data dump removes as many MB as it adds: those MB were copied between
 * threads, decoded and cut into pieces only to be dropped. Lines inside one chunk are passed on as they
 * are: finding each would cost a search per line of the output, where this costs two per chunk. A line
 * longer than a chunk always crosses an end.
 */
export class RemovedLineCut {
  /** The line in progress started with `-` and is being left out. */
  private dropping = false;
  /** The last chunk ended with a line break (true before the first). */
  private atLineStart = true;

  /**
   * The part of `chunk` (the output's next bytes) to pass on, [from, to): whole lines of the output
   * and the start of one it goes on to, less the removed lines that run on past either end.
   */
  keep(chunk: Buffer): [number, number] {
    const n = chunk.length;
    if (n === 0) return [0, 0];
    let from = 0;
    if (this.dropping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) return [0, 0];
      from = nl + 1;
      this.dropping = false;
    }
    // Where the line the chunk ends in starts (n: no line starts here, or the chunk ends with a break).
    const last = chunk.lastIndexOf(10);
    const tail = last !== -1 ? last + 1 : this.atLineStart ? 0 : n;
    this.atLineStart = chunk[n - 1] === 10;
    if (tail < n && chunk[tail] === 45 /* - */) {
      this.dropping = true;
      return [from, tail];
    }
    return [from, n];
  }
}
