import { InvalidArgumentError } from "../errors/errors.js";

/** Default time a delivered job stays invisible to other consumers before it is delivered again. */
export const DEFAULT_VISIBILITY_TIMEOUT_MS = 30_000;
/** Default deliveries before a job is dead-lettered. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Default longest pause between polls while `dequeue` waits for work. */
export const DEFAULT_POLL_INTERVAL_MS = 50;
/** Most jobs one enqueue, dequeue, ack, listing or retry handles: one Lua call stays short. */
export const MAX_BATCH = 10_000;
/** Expired and due jobs each dequeue moves on the side, so a backlog never makes one call long. */
export const MAINTENANCE_BATCH = 100;

/**
 * Returns `value` (or `fallback` when undefined) if it is an integer in [minimum, maximum].
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) naming the option and the accepted range.
 */
export function integerOption(
  operation: string,
  name: string,
  value: number | undefined,
  fallback: number,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < minimum || chosen > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `an integer of at least ${minimum}` : `an integer from ${minimum} to ${maximum}`;
    throw new InvalidArgumentError(`${operation}: ${name} must be ${range}; got ${value}.`);
  }
  return chosen;
}

/**
 * Checks a job id: a non-empty string of at most 256 characters.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`).
 */
export function validateJobId(operation: string, id: unknown): string {
  if (typeof id !== "string" || id.length === 0 || id.length > 256) {
    throw new InvalidArgumentError(
      `${operation}: a job id must be a non-empty string of at most 256 characters (or the job from dequeue); got ${JSON.stringify(id)}.`,
    );
  }
  return id;
}
