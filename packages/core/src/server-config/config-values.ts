/** Redis's memory units (memtoull): k/m/g are powers of 1000, kb/mb/gb powers of 1024. */
const MEMORY_UNITS: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
const MEMORY = /^(\d+)(b|k|kb|m|mb|g|gb)$/i;

/** `2gb` → `2147483648`, `100mb` → `104857600`; any other token unchanged. */
function memoryToken(token: string): string {
  const match = MEMORY.exec(token);
  if (!match) return token;
  return String(Number(match[1]) * (MEMORY_UNITS[(match[2] as string).toLowerCase()] as number));
}

/**
 * A value as CONFIG GET would show it, for comparing: whitespace collapsed, lower case, memory
 * sizes in bytes. Keyspace-event flags are compared as a set (Redis reorders them: `Ex` reads back as `xE`).
 */
export function normalizeConfigValue(parameter: string, value: string): string {
  const trimmed = value.trim();
  if (parameter === "notify-keyspace-events") return [...new Set(trimmed)].sort().join("");
  return trimmed
    .split(/\s+/)
    .filter((token) => token !== "")
    .map((token) => memoryToken(token.toLowerCase()))
    .join(" ");
}

/** True when a desired value (redis.conf syntax) is what the server already has. */
export function sameConfigValue(parameter: string, current: string, desired: string): boolean {
  return current === desired || normalizeConfigValue(parameter, current) === normalizeConfigValue(parameter, desired);
}
