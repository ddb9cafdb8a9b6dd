import type { RedisMcpError } from "@redis-mcp/core";
import type { EnvelopeCodec } from "../codec.js";
import type { Schema } from "../schema.js";
import type { TopicKeys } from "./topic-keys.js";

/** Options for {@link createDurableTopic}. */
export interface DurableTopicOptions<TopicSchema extends Schema | undefined = Schema | undefined> {
  /** Names the topic; its keys are `pubsub:{<topic>}:stream` and `pubsub:{<topic>}:dead` (no braces in the name). */
  topic: string;
  /** Consumer group: every group gets every message once; the consumers of one group share them. Needed to consume. */
  group?: string;
  /** This consumer's name in the group (default `<hostname>-<pid>`). Keep it stable across restarts: a restarted consumer first takes back what it held. */
  consumer?: string;
  /**
   * How long a delivery may go without its consumer renewing it before another consumer claims it
   * (default 30,000 ms). Running handlers are renewed automatically, so this is how soon the work
   * of a crashed consumer is recovered, not a limit on handler time.
   */
  visibilityTimeoutMs?: number;
  /** Deliveries before a message goes to the dead-letter stream (default 3). */
  maxAttempts?: number;
  /** Wait after a failed handler before the message can be delivered again (default 1,000 ms). */
  retryDelayMs?: number;
  /** Keep about this many newest messages (XADD MAXLEN ~). Trimming drops old messages even if a group has not read them. */
  maxLength?: number;
  /** Keep messages about this long (XADD MINID ~ now - maxAgeMs); same caveat as `maxLength`. */
  maxAgeMs?: number;
  /** Dead letters: `{ maxLength }` keeps about that many (default: all), `false` drops messages out of attempts instead (default on). */
  deadLetter?: false | { maxLength?: number };
  /** Where a new group starts: `"earliest"` (default: every message still in the stream) or `"latest"` (only messages published from now on). */
  startFrom?: "earliest" | "latest";
  /** Validates payloads on publish and on receipt (zod 4, valibot, arktype: any Standard Schema); a received message it rejects is dead-lettered at once. */
  schema?: TopicSchema;
  /** Schema version stamped on every envelope (`v`). */
  version?: number;
  /** How envelopes become bytes (default {@link jsonCodec}). */
  codec?: EnvelopeCodec;
  /** Gets handler errors (`E_PUBSUB_HANDLER`), dead-lettered messages (`E_PUBSUB_DEAD_LETTERED`) and Redis errors of the consumer loop. Default: `console.error` of the message. */
  onError?: (error: RedisMcpError) => void;
}

/** A message delivered to a durable consumer. */
export interface DurableMessage<T = unknown> {
  /** The envelope id (a UUID), the same on every delivery: de-duplicate with it. */
  id: string;
  /** The stream entry id (`<ms>-<seq>`, server time of the publish). */
  entryId: string;
  /** When the publisher created the message (ms since the epoch, its clock). */
  timestamp: number;
  data: T;
  /** The schema version the publisher stamped, if any. */
  v?: number;
  topic: string;
  /** Deliveries so far, this one included (1 on the first delivery). */
  attempts: number;
}

/** A durable handler: resolving acknowledges the message; throwing (or rejecting) retries it, up to `maxAttempts` deliveries. */
export type DurableHandler<T = unknown> = (message: DurableMessage<T>) => unknown;

/** Options for {@link DurableTopic.consume}. */
export interface ConsumeOptions {
  /** Handlers running at once (default 1, at most 1,000). Never more messages are read than there are free slots. */
  concurrency?: number;
  /** Longest single wait for new messages on the consumer's connection (XREADGROUP BLOCK, default 1,000 ms). */
  blockMs?: number;
}

/** Stops a consumer: no more reads (a blocked read ends at once); resolves when running handlers finished and their acks were sent. */
export type StopConsuming = () => Promise<void>;

/** Counts for a topic and its group. */
export interface TopicStats {
  /** Entries in the stream (acknowledged ones stay until trimmed: other groups may need them). */
  length: number;
  /** Entries delivered to the group and not acknowledged yet; -1 when the group does not exist. */
  pending: number;
  /** Entries the group has not been given yet (Redis 7+); -1 when Redis cannot tell. */
  undelivered: number;
  /** Consumers the group knows. */
  consumers: number;
  /** Entries in the dead-letter stream. */
  deadLetters: number;
}

/** A message in the dead-letter stream. */
export interface DeadLetter<T = unknown> {
  /** Its id in the dead-letter stream. */
  deadLetterId: string;
  /** Its entry id in the topic stream. */
  entryId: string;
  /** The envelope id, when the message could be decoded. */
  id: string | undefined;
  /** The payload, when it could be decoded (`undefined` otherwise; `raw` has the bytes). */
  data: T | undefined;
  /** The stored message bytes. */
  raw: Buffer | undefined;
  attempts: number;
  group: string;
  /** The consumer that gave up on it. */
  consumer: string;
  /** Why: the last handler error, or what made it undeliverable. */
  error: string;
}

/** A durable topic on a Redis stream: at-least-once delivery to consumer groups, with retries, recovery and dead letters. */
export interface DurableTopic<Input = unknown, Output = Input> {
  readonly topic: string;
  readonly keys: TopicKeys;
  /**
   * Appends a message (one XADD, trimming as configured); resolves its entry id once Redis has it.
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) for a payload the schema rejects or the codec
   *   cannot encode (nothing is written); RedisMcpError when Redis fails.
   */
  publish(data: Input): Promise<string>;
  /**
   * Starts consuming with `handler` as this topic's group and consumer: first this consumer's own
   * pending messages (left by a previous run), then new ones, and messages of dead consumers once
   * their visibility timeout passed. Resolves, once the group exists and the consumer's connection
   * is open, with the function that stops it.
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) without a group or with bad options;
   *   RedisMcpError when Redis fails.
   */
  consume(handler: DurableHandler<Output>, options?: ConsumeOptions): Promise<StopConsuming>;
  /**
   * Counts for the topic and its group, in one round trip.
   * @throws RedisMcpError when Redis fails.
   */
  stats(): Promise<TopicStats>;
  /**
   * A window of dead letters, oldest first, after `after` (a dead-letter id) when given.
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) for bad options; RedisMcpError when Redis fails.
   */
  deadLetters(options?: { limit?: number; after?: string }): Promise<DeadLetter<Output>[]>;
  /**
   * Moves up to `limit` (default 100) dead letters, oldest first, back to the topic as new messages
   * (one script: atomic); resolves how many moved.
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`); RedisMcpError when Redis fails.
   */
  retryDeadLetters(options?: { limit?: number }): Promise<number>;
}
