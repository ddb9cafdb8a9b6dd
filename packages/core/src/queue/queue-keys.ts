import { InvalidArgumentError } from "../errors/errors.js";

/** The Redis keys of one queue; all share the hash tag `{<name>}`, so every Lua call is cluster-safe. */
export interface QueueKeys {
  /** List of job ids ready to deliver, oldest first. */
  ready: string;
  /** Sorted set of delivered job ids, scored by visibility deadline (ms since the epoch). */
  inflight: string;
  /** Sorted set of job ids waiting to become ready, scored by due time (ms since the epoch). */
  delayed: string;
  /** Hash of job data: `<id>:payload`, `<id>:attempts`, `<id>:enqueuedAt`. */
  jobs: string;
  /** List of dead-lettered job ids, oldest first. */
  dead: string;
}

/**
 * The keys of queue `name`: `queue:{<name>}:ready|inflight|delayed|jobs|dead`.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for an empty name or one with braces.
 */
export function queueKeys(name: string): QueueKeys {
  if (typeof name !== "string" || name.length === 0 || /[{}]/.test(name)) {
    throw new InvalidArgumentError(
      `queue: name must be a non-empty string without braces (it becomes the hash tag {<name>}), e.g. "orders"; got ${JSON.stringify(name)}.`,
    );
  }
  const base = `queue:{${name}}`;
  return { ready: `${base}:ready`, inflight: `${base}:inflight`, delayed: `${base}:delayed`, jobs: `${base}:jobs`, dead: `${base}:dead` };
}
