/**
 * Node ends a process once its event loop has nothing left to run, whatever promises are still pending.
 * A wait on shared memory (Atomics.waitAsync) does not count as something to run: a scan that waited
 * for its reading thread just as that thread exited ended with exit code 0 and no report (CI saw it
 * once; a reading thread slowed down on purpose, with a pause before the wait, made it happen in 6 runs
 * of 30). Two guards: waits that hold the process open, and a run that says it did not finish.
 */

/**
 * Waits until `array[index]` is no longer `value` (Atomics.notify) or `ms` have passed, keeping the
 * process alive meanwhile: a ref'd timer of the same length holds the event loop, and ends the wait
 * itself should V8's own timeout not come first (Node runs that one from an unref'd timer).
 */
export async function waitShared(array: Int32Array, index: number, value: number, ms: number): Promise<void> {
  const wait = Atomics.waitAsync(array, index, value, ms);
  if (!wait.async) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const held = new Promise<void>((done) => {
    timer = setTimeout(done, ms);
  });
  try {
    await Promise.race([wait.value, held]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Returns `work`; should the event loop empty before it settles (the process about to end on its own
 * with the work unfinished), calls `unfinished` first (cli.ts: a message and exit code 2).
 */
export function onUnsettled<T>(work: Promise<T>, unfinished: () => void): Promise<T> {
  let settled = false;
  const check = () => {
    if (!settled) unfinished();
  };
  process.once("beforeExit", check);
  return work.finally(() => {
    settled = true;
    process.off("beforeExit", check);
  });
}
