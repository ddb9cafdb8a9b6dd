import { randomUUID } from "node:crypto";

/** What travels on a channel: the payload with an id (for de-duplication), a send time and an optional schema version. */
export interface Envelope<T> {
  /** Random UUID, unique per published message. */
  id: string;
  /** Milliseconds since the epoch when the message was created (the publisher's clock). */
  timestamp: number;
  data: T;
  /** Schema version of `data`, when the channel or topic declares one. */
  v?: number;
}

/**
 * Wraps a payload in an {@link Envelope}, with `v` when a schema version is given.
 * @example createEnvelope({ orderId: 7 }) // { id: "…", timestamp: 1764000000000, data: { orderId: 7 } }
 */
export function createEnvelope<T>(data: T, now: () => number = Date.now, version?: number): Envelope<T> {
  return version === undefined ? { id: randomUUID(), timestamp: now(), data } : { id: randomUUID(), timestamp: now(), data, v: version };
}

/** True for a value with an envelope's shape: a non-empty string `id`, a finite `timestamp`, a `data` field and an optional integer `v`. */
export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const candidate = value as Partial<Envelope<unknown>>;
  return (
    typeof candidate.id === "string" &&
    candidate.id !== "" &&
    typeof candidate.timestamp === "number" &&
    Number.isFinite(candidate.timestamp) &&
    "data" in candidate &&
    (candidate.v === undefined || Number.isInteger(candidate.v))
  );
}
