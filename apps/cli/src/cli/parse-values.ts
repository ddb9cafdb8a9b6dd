import { InvalidArgumentError } from "commander";

/** A commander value parser for whole numbers from `minimum` to `maximum`. */
export function integerFrom(minimum: number, maximum = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < minimum || number > maximum) {
      const range = maximum === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${minimum}` : `a whole number from ${minimum} to ${maximum}`;
      throw new InvalidArgumentError(`expected ${range}, got ${JSON.stringify(value)}.`);
    }
    return number;
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration into milliseconds: `500ms`, `30s`, `5m`, `2h`, `1d`, or a bare number of
 * seconds (as redis-cli's `SET ... EX`).
 */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  const milliseconds = match ? Math.round(Number(match[1]) * (UNITS[match[2] ?? "s"] as number)) : Number.NaN;
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 1) {
    throw new InvalidArgumentError(`expected a duration such as 30s, 5m, 2h, 1d, 500ms or a number of seconds, got ${JSON.stringify(value)}.`);
  }
  return milliseconds;
}
