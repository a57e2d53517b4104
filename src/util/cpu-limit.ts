/**
 * The CPU limit a Linux control group sets on this process (a container's `--cpus`, a Kubernetes pod's
 * `limits.cpu`), which os.availableParallelism() does not see: it counts the cores the process may run
 * on, not how much of them it may use. A scan sized for eight cores in a pod limited to one starts
 * seven detection threads that only take turns. Both cgroup versions: v2's `cpu.max`, v1's
 * `cpu.cfs_quota_us` over `cpu.cfs_period_us`, the lowest limit from the process's group up to its
 * hierarchy's mount. Parsing is pure; `read` is the only I/O.
 */
import { readText } from "./utf8.js";

/** Reads a file's text, or undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

/** Where a cgroup hierarchy is mounted: its mount point, and which of its groups that point shows. */
interface Mount {
  readonly point: string;
  readonly root: string;
}

/**
 * The cgroup v2 mount and the v1 mount holding the `cpu` controller, from /proc/self/mountinfo
 * (fields: id, parent, dev, root, mount point, options, optional fields, `-`, type, source, super options).
 */
export function cgroupMounts(mountinfo: string): { v2?: Mount; v1?: Mount } {
  const out: { v2?: Mount; v1?: Mount } = {};
  for (const line of mountinfo.split("\n")) {
    const sep = line.indexOf(" - ");
    if (sep < 0) continue;
    const fields = line.slice(0, sep).split(" ");
    const [type, , superOptions = ""] = line.slice(sep + 3).split(" ");
    const mount = { root: unescapeOctal(fields[3] ?? ""), point: unescapeOctal(fields[4] ?? "") };
    if (!mount.point) continue;
    if (type === "cgroup2") out.v2 ??= mount;
    else if (type === "cgroup" && superOptions.split(",").includes("cpu")) out.v1 ??= mount;
  }
  return out;
}

/** mountinfo writes a space, tab, newline and backslash in a path as an octal escape (`\040`). */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

/** The process's group in the v2 hierarchy (`0::/path`) and in the v1 one with `cpu`, from /proc/self/cgroup. */
export function cgroupPaths(cgroup: string): { v2?: string; v1?: string } {
  const out: { v2?: string; v1?: string } = {};
  for (const line of cgroup.split("\n")) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === "0" && m[2] === "") out.v2 ??= m[3];
    else if (m[2]!.split(",").includes("cpu")) out.v1 ??= m[3];
  }
  return out;
}

/** The folders to read limits in: the group's own, then each parent up to the mount point. */
export function groupFolders(mount: Mount, path: string): string[] {
  // A group outside what the mount shows (a container's view of its own group, mounted at its root):
  // only the mount point can be read.
  const root = mount.root === "/" ? "" : mount.root.replace(/\/+$/, "");
  let rel: string;
  if (root === "" || path === root) rel = root === "" ? path : "";
  else if (path.startsWith(`${root}/`)) rel = path.slice(root.length);
  else rel = "";
  const parts = rel.split("/").filter((p) => p !== "" && p !== "." && p !== "..");
  const point = mount.point.replace(/\/+$/, "");
  const out: string[] = [];
  for (let n = parts.length; n >= 0; n--) out.push([point, ...parts.slice(0, n)].join("/") || "/");
  return out;
}

/** CPUs a v2 `cpu.max` allows ("max 100000": no limit; "150000 100000": 1.5), or undefined. */
export function cpuMax(text: string | undefined): number | undefined {
  const [quota, period] = (text ?? "").trim().split(/\s+/);
  return ratio(quota, period);
}

function ratio(quota: string | undefined, period: string | undefined): number | undefined {
  if (quota === undefined || quota === "max" || quota === "-1") return undefined;
  const q = Number(quota);
  const p = Number(period ?? 100000);
  return Number.isFinite(q) && Number.isFinite(p) && q > 0 && p > 0 ? q / p : undefined;
}

/**
 * The CPU limit on this process, in CPUs (rounded up, at least 1), or undefined when there is none or
 * it cannot be read (not Linux, no cgroup mounted, unreadable files).
 */
export function cgroupCpuLimit(read: ReadText = readText, platform = process.platform): number | undefined {
  if (platform !== "linux") return undefined;
  const mounts = cgroupMounts(read("/proc/self/mountinfo") ?? "");
  const paths = cgroupPaths(read("/proc/self/cgroup") ?? "");
  let lowest: number | undefined;
  const take = (cpus: number | undefined) => {
    if (cpus !== undefined && (lowest === undefined || cpus < lowest)) lowest = cpus;
  };
  if (mounts.v2 && paths.v2 !== undefined)
    for (const dir of groupFolders(mounts.v2, paths.v2)) take(cpuMax(read(`${dir}/cpu.max`)));
  if (mounts.v1 && paths.v1 !== undefined) {
    for (const dir of groupFolders(mounts.v1, paths.v1)) {
      const quota = read(`${dir}/cpu.cfs_quota_us`)?.trim();
      take(ratio(quota, read(`${dir}/cpu.cfs_period_us`)?.trim()));
    }
  }
  return lowest === undefined ? undefined : Math.max(1, Math.ceil(lowest));
}
