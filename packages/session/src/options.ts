import { InvalidArgumentError } from "@redis-mcp/core";

/** Ten years: longer TTLs are almost surely a unit mistake (seconds given as milliseconds, ...). */
export const MAX_TTL_MS = 315_360_000_000;

/**
 * An integer option within bounds, or its default when undefined.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) naming the option, the bounds and the value's type (never the value of a secret).
 */
export function integerOption(operation: string, name: string, value: unknown, fallback: number, minimum: number, maximum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > maximum) {
    throw new InvalidArgumentError(
      `${operation}: ${name} must be an integer from ${minimum} to ${maximum}, got ${typeof value === "number" ? value : typeof value}.`,
    );
  }
  return value;
}

/**
 * An optional short text (ip, user agent), or null.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a non-string or one longer than 1,024 characters.
 */
export function optionalText(operation: string, name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > 1024) throw new InvalidArgumentError(`${operation}: ${name} must be a string of at most 1,024 characters.`);
  return value;
}
