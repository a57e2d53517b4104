// The floors' commands, apart from bench/run.js so a test can run them without running the bench.

/**
 * The history floor: git writing every commit's patch, discarded, as [command, argv]. The folder goes
 * in as an argument, never into the shell's text: a folder named with `$(…)` or a quote stays a name.
 */
export function gitLogFloor(dir) {
  return ["bash", ["-c", 'git -C "$1" log -p -U0 --all > /dev/null', "bash", dir]];
}
