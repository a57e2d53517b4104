/** Sizes such as 10MiB, 500k or 2048 → bytes (undefined when not a size). */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === "number" && v > 0) return v;
  if (typeof v !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(v.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase();
  const mult = unit.startsWith("k")
    ? 1024
    : unit.startsWith("m")
      ? 1024 ** 2
      : unit.startsWith("g")
        ? 1024 ** 3
        : 1;
  return Math.round(Number(m[1]) * mult);
}
