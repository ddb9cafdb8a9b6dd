import { randomUUID } from "node:crypto";

/** What travels on a channel: the payload with an id (for de-duplication) and a send time. */
export interface Envelope<T> {
  /** Random UUID, unique per published message. */
  id: string;
  /** Milliseconds since the epoch when the message was created. */
  timestamp: number;
  data: T;
}

/**
 * Wraps a payload in an {@link Envelope}.
 * @example createEnvelope({ orderId: 7 }) // { id: "…", timestamp: 1764000000000, data: { orderId: 7 } }
 */
export function createEnvelope<T>(data: T, now: () => number = Date.now): Envelope<T> {
  return { id: randomUUID(), timestamp: now(), data };
}
