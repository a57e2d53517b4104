/**
 * The line breaks of one text at a time, for hitWindows, which asks, for every rule with hits, for the
 * lines around them. Each is found by searching from where it is asked for (lastIndexOf / indexOf),
 * until those searches have read an eighth as many characters as the text holds: then every break of
 * the text is listed in one forward pass and found by binary search (a backward search reads about as
 * fast as that pass, so the listing costs at most a few times what was read before it). Searched anew
 * each time, a long line was read whole for every rule with a hit in it or next to it: a notebook's
 * base64 image lines of 400 KB made hitWindows 401 ms of a history of 40 edits of it. Per-thread
 * scratch; pure otherwise.
 */

const state = { text: "", read: 0, breaks: new Int32Array(0), n: -1 };

function use(text: string): void {
  if (state.text === text) return;
  state.text = text;
  state.read = 0;
  state.n = -1;
}

/** Characters a search read; past an eighth of the text's length, every break is listed. */
function account(text: string, read: number): void {
  state.read += read;
  if (state.read <= text.length >> 3) return;
  let b = state.breaks;
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (n === b.length) {
      const grown = new Int32Array(Math.max(1024, b.length * 2));
      grown.set(b);
      b = grown;
    }
    b[n++] = i;
  }
  state.breaks = b;
  state.n = n;
}

/** The first listed break past `p`'s place: how many listed breaks are at most `p`. */
function rank(p: number): number {
  let lo = 0;
  let hi = state.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (state.breaks[mid]! <= p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `text.lastIndexOf("\n", p)`, for 0 <= p. */
export function breakBefore(text: string, p: number): number {
  use(text);
  if (state.n >= 0) {
    const k = rank(p);
    return k === 0 ? -1 : state.breaks[k - 1]!;
  }
  const at = text.lastIndexOf("\n", p);
  account(text, p - at);
  return at;
}

/** `text.indexOf("\n", p)`, for 0 <= p. */
export function breakAfter(text: string, p: number): number {
  use(text);
  if (state.n >= 0) {
    const k = rank(p - 1);
    return k === state.n ? -1 : state.breaks[k]!;
  }
  const at = text.indexOf("\n", p);
  account(text, (at === -1 ? text.length : at) - p);
  return at;
}

/** Forgets the text (none is kept alive past its scan). */
export function releaseBreaks(): void {
  state.text = "";
}
