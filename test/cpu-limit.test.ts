/** A control group's CPU limit, read as containers and pods set it (cgroup v2 and v1). */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { cores } from "../src/threads.js";
import { cgroupCpuLimit, cgroupMounts, cgroupPaths, cpuMax, groupFolders } from "../src/util/cpu-limit.js";

const V2_MOUNT =
  "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate";
const V1_CPU_MOUNT = (root: string) =>
  `35 26 0:31 ${root} /sys/fs/cgroup/cpu,cpuacct ro,nosuid master:12 - cgroup cgroup rw,cpu,cpuacct`;
const V1_OTHER = "36 26 0:32 / /sys/fs/cgroup/memory ro,nosuid master:13 - cgroup cgroup rw,memory";

/** A reader over the given files (anything else cannot be read). */
function files(entries: Record<string, string>): (path: string) => string | undefined {
  return (path) => entries[path];
}

describe("cgroup CPU limit", () => {
  it("reads a container's cpu.max at its namespace's root (cgroup v2)", () => {
    const fs = {
      "/proc/self/mountinfo": `${V2_MOUNT}\n`,
      "/proc/self/cgroup": "0::/\n",
      "/sys/fs/cgroup/cpu.max": "200000 100000\n",
    };
    expect(cgroupCpuLimit(files(fs), "linux")).toBe(2);
    expect(
      cgroupCpuLimit(files({ ...fs, "/sys/fs/cgroup/cpu.max": "max 100000\n" }), "linux"),
    ).toBeUndefined();
    // Half a CPU is still one thread's worth.
    expect(cgroupCpuLimit(files({ ...fs, "/sys/fs/cgroup/cpu.max": "50000 100000\n" }), "linux")).toBe(1);
  });

  it("takes the lowest limit from the process's group up to the mount (a pod over its container)", () => {
    const fs = {
      "/proc/self/mountinfo": `${V2_MOUNT}\n`,
      "/proc/self/cgroup": "0::/kubepods/pod1/c1\n",
      "/sys/fs/cgroup/kubepods/pod1/c1/cpu.max": "max 100000",
      "/sys/fs/cgroup/kubepods/pod1/cpu.max": "150000 100000",
      "/sys/fs/cgroup/kubepods/cpu.max": "800000 100000",
    };
    expect(cgroupCpuLimit(files(fs), "linux")).toBe(2);
    expect(groupFolders({ point: "/sys/fs/cgroup", root: "/" }, "/kubepods/pod1/c1")).toEqual([
      "/sys/fs/cgroup/kubepods/pod1/c1",
      "/sys/fs/cgroup/kubepods/pod1",
      "/sys/fs/cgroup/kubepods",
      "/sys/fs/cgroup",
    ]);
  });

  it("reads cgroup v1's quota and period where a container sees its own group mounted", () => {
    const fs = {
      "/proc/self/mountinfo": [V1_OTHER, V1_CPU_MOUNT("/docker/abc")].join("\n"),
      "/proc/self/cgroup": "5:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n",
      "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "150000\n",
      "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
    };
    expect(cgroupCpuLimit(files(fs), "linux")).toBe(2);
    expect(
      cgroupCpuLimit(files({ ...fs, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1\n" }), "linux"),
    ).toBeUndefined();
    // On the host, the group is a folder below the mount.
    const host = {
      "/proc/self/mountinfo": V1_CPU_MOUNT("/"),
      "/proc/self/cgroup": "4:cpu,cpuacct:/ci/job\n",
      "/sys/fs/cgroup/cpu,cpuacct/ci/job/cpu.cfs_quota_us": "-1",
      "/sys/fs/cgroup/cpu,cpuacct/ci/cpu.cfs_quota_us": "100000",
      "/sys/fs/cgroup/cpu,cpuacct/ci/cpu.cfs_period_us": "100000",
    };
    expect(cgroupCpuLimit(files(host), "linux")).toBe(1);
  });

  it("knows no limit where none can be read", () => {
    expect(cgroupCpuLimit(files({}), "linux")).toBeUndefined();
    expect(cgroupCpuLimit(files({ "/proc/self/cgroup": "0::/\n" }), "darwin")).toBeUndefined();
    expect(cpuMax(undefined)).toBeUndefined();
    expect(cpuMax("garbage")).toBeUndefined();
    expect(cpuMax("0 100000")).toBeUndefined();
  });

  it("parses mountinfo's escaped paths and the cgroup file's controllers", () => {
    const line = "40 31 0:37 / /sys/fs/cgroup/my\\040cpu rw - cgroup cgroup rw,cpu";
    expect(cgroupMounts(line)).toEqual({ v1: { point: "/sys/fs/cgroup/my cpu", root: "/" } });
    expect(cgroupPaths("12:cpuset:/a\n3:cpu,cpuacct:/b\n0::/c\n")).toEqual({ v1: "/b", v2: "/c" });
  });

  it("never counts more cores than the process may run on", () => {
    expect(cores()).toBeGreaterThanOrEqual(1);
    expect(cores()).toBeLessThanOrEqual(availableParallelism());
  });
});
