const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** `12345` → `12,345`; fractions get two decimals at most. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? grouped.format(value) : decimal.format(value);
}

/** `1 key`, `2,000 keys`. */
export function plural(count: number, noun: string): string {
  return `${formatNumber(count)} ${noun}${count === 1 ? "" : "s"}`;
}

// Byte counts read as in the health findings `doctor` prints.
export { formatBytes } from "@redis-mcp/core/diagnostics";

/** `93784000` → `1d 2h`, `5400000` → `1h 30m`, `4200` → `4.2s`, `12` → `12ms`: the two largest units. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1).replace(/\.0$/, "")}s`;
  const parts: [number, string][] = [
    [Math.floor(milliseconds / 86_400_000), "d"],
    [Math.floor(milliseconds / 3_600_000) % 24, "h"],
    [Math.floor(milliseconds / 60_000) % 60, "m"],
    [Math.floor(milliseconds / 1000) % 60, "s"],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(" ");
}

/** A key's time to live for people: `none` (-1: persistent), `missing` (-2), else a duration. */
export function formatTtl(ttlMs: number | null): string {
  if (ttlMs === null || ttlMs === -1) return "none";
  if (ttlMs === -2) return "missing";
  return formatDuration(ttlMs);
}

/** Unix seconds → `2026-01-31 12:34:56` (UTC, so output does not depend on where it runs). */
export function formatTimestamp(unixSeconds: number): string {
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "");
}
