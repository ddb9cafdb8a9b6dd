import type { RedisMcpError } from "@redis-mcp/core";
import type { ChannelDefinition, ChannelDefinitions } from "./channel-catalog.js";
import type { EnvelopeCodec } from "./codec.js";
import type { SchemaInput, SchemaOutput } from "./schema.js";

/** What a handler gets: the envelope's fields and where the message came from. */
export interface PubSubMessage<T = unknown, Channel extends string = string> {
  /** The envelope id (a UUID): the same on every subscriber, for de-duplication. */
  id: string;
  /** When the publisher created the message (ms since the epoch, its clock). */
  timestamp: number;
  /** The payload, validated by the channel's schema on typed channels. */
  data: T;
  /** The channel it was published to. */
  channel: Channel;
  /** The pattern it matched, for pattern subscriptions. */
  pattern?: string;
  /** The schema version the publisher stamped, when its channel declares one. */
  v?: number;
}

/** A message handler. Its errors (thrown or rejected) go to `onError`; they never stop delivery. */
export type MessageHandler<T = unknown, Channel extends string = string> = (message: PubSubMessage<T, Channel>) => unknown;

/** Ends a subscription: this handler gets nothing more at once; resolves when Redis caught up (UNSUBSCRIBE for the last handler). */
export type Unsubscribe = () => Promise<void>;

/** The payload types of each channel: what `publish` accepts and what handlers get. */
export type ChannelTypes = Record<string, { input: unknown; output: unknown }>;

/** Any channel, any payload: an instance created without typed channels. */
export type UntypedChannels = Record<string, { input: unknown; output: unknown }>;

type DefinitionSchema<D> = D extends { readonly schema: infer S } ? S : D;

/** The channel types of a map of typed channel definitions. */
export type TypedChannels<Definitions extends ChannelDefinitions> = {
  [Channel in keyof Definitions & string]: {
    input: SchemaInput<DefinitionSchema<Definitions[Channel]>>;
    output: SchemaOutput<DefinitionSchema<Definitions[Channel]>>;
  };
};

/** Options for {@link createPubSub}. */
export interface PubSubOptions<Definitions extends ChannelDefinitions | undefined = ChannelDefinitions | undefined> {
  /**
   * Typed channels: schemas (zod 4, valibot, arktype: any Standard Schema) by channel name, or
   * `{ schema, version }` to stamp `v` on every envelope. Payloads are validated on publish and on
   * receipt; only these channels can be used.
   */
  channels?: Definitions;
  /** How envelopes become bytes (default {@link jsonCodec}). */
  codec?: EnvelopeCodec;
  /**
   * Sharded pub/sub (Redis 7+): SPUBLISH/SSUBSCRIBE. On a cluster a sharded channel lives on the
   * shard owning its slot instead of being broadcast to every node. Patterns are not available.
   */
  sharded?: boolean;
  /**
   * Gets invalid messages (`E_PUBSUB_INVALID_MESSAGE`, with the raw bytes), handler errors
   * (`E_PUBSUB_HANDLER`) and subscriber connection errors. Default: `console.error` of the message.
   */
  onError?: (error: RedisMcpError) => void;
}

/** How many receivers `publishToPattern` reached, and on which channels. */
export interface PatternPublishResult {
  /** The channels that matched the pattern and were published to, sorted. */
  channels: string[];
  /** Sum of the receivers PUBLISH reported. */
  receivers: number;
}

/** Local subscriptions of an instance: names and how many handlers each. */
export interface LocalSubscriptions {
  channels: { name: string; handlers: number }[];
  patterns: { name: string; handlers: number }[];
}

/**
 * Typed pub/sub over one dedicated subscriber connection, shared by every handler: one Redis
 * subscription per channel, reference counted, restored by ioredis after a reconnect.
 */
export interface PubSub<Channels extends ChannelTypes = UntypedChannels> {
  /** Whether this instance uses sharded pub/sub. */
  readonly sharded: boolean;
  /**
   * Publishes `data` in an envelope; resolves how many subscribers received it (on a cluster, those
   * connected to the node that took the message for classic channels; every subscriber for sharded ones).
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) for an empty channel or a payload the schema
   *   rejects or the codec cannot encode; UnknownChannelError (`E_PUBSUB_UNKNOWN_CHANNEL`);
   *   PubSubClosedError (`E_PUBSUB_CLOSED`); RedisMcpError when Redis fails. Nothing is sent on bad input.
   */
  publish<Channel extends keyof Channels & string>(channel: Channel, data: Channels[Channel]["input"]): Promise<number>;
  /**
   * Calls `handler` for every message on the channels; resolves once Redis has the subscriptions.
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`); UnknownChannelError (`E_PUBSUB_UNKNOWN_CHANNEL`);
   *   PubSubClosedError (`E_PUBSUB_CLOSED`); RedisMcpError when Redis fails (nothing stays subscribed).
   */
  subscribe<Channel extends keyof Channels & string>(
    channels: Channel | readonly Channel[],
    handler: MessageHandler<Channels[Channel]["output"], Channel>,
  ): Promise<Unsubscribe>;
  /**
   * Calls `handler` for every message on channels matching the glob patterns (PSUBSCRIBE).
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`); UnsupportedError (`E_UNSUPPORTED`) on a sharded
   *   instance; PubSubClosedError (`E_PUBSUB_CLOSED`); RedisMcpError when Redis fails.
   */
  psubscribe(
    patterns: string | readonly string[],
    handler: MessageHandler<Channels[keyof Channels & string]["output"], keyof Channels & string>,
  ): Promise<Unsubscribe>;
  /**
   * Publishes to every channel that has subscribers and matches `pattern` (PUBSUB CHANNELS on every
   * node, then one pipeline of PUBLISH). On a typed instance only typed channels are published to,
   * each payload validated by its channel's schema first.
   * @throws as {@link publish}.
   */
  publishToPattern(pattern: string, data: Channels[keyof Channels & string]["input"]): Promise<PatternPublishResult>;
  /**
   * Channels with at least one subscriber anywhere (every node of a cluster), optionally matching a
   * glob pattern; shard channels on a sharded instance.
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`); RedisMcpError when Redis fails.
   */
  channels(pattern?: string): Promise<string[]>;
  /**
   * Subscribers per channel (PUBSUB NUMSUB, or SHARDNUMSUB), summed over every node.
   * @throws PubSubInvalidError (`E_PUBSUB_INVALID`); RedisMcpError when Redis fails.
   */
  subscriberCounts(channels: string | readonly string[]): Promise<Record<string, number>>;
  /**
   * Pattern subscriptions (PUBSUB NUMPAT), summed over every node.
   * @throws RedisMcpError when Redis fails.
   */
  patternCount(): Promise<number>;
  /** This instance's own subscriptions and how many handlers share each. */
  localSubscriptions(): LocalSubscriptions;
  /**
   * Closes the subscriber connection (every subscription ends); the caller's client stays open.
   * Later calls throw `E_PUBSUB_CLOSED`. Safe to call twice.
   */
  close(): Promise<void>;
}

export type { ChannelDefinition, ChannelDefinitions };
