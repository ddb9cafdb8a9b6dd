import {
  adoptRedis,
  isCluster,
  keyPrefixOf,
  nodeAddress,
  type RedisClient,
  type RedisMcpError,
  slotOf,
  toRedisMcpError,
  UnsupportedError,
} from "@redis-mcp/core";
import type { Cluster, Redis } from "ioredis";
import { assertName, ChannelCatalog, type ChannelDefinitions, describe, namesOf, type ResolvedChannel } from "./channel-catalog.js";
import { type EnvelopeCodec, jsonCodec } from "./codec.js";
import { createEnvelope, type Envelope } from "./envelope.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope-bytes.js";
import { HandlerError, InvalidMessageError, PubSubClosedError, PubSubInvalidError } from "./errors.js";
import { activeChannels, patternCountOf, subscriberCountsOf } from "./introspection.js";
import type {
  ChannelTypes,
  LocalSubscriptions,
  MessageHandler,
  PatternPublishResult,
  PubSub,
  PubSubMessage,
  PubSubOptions,
  TypedChannels,
  Unsubscribe,
  UntypedChannels,
} from "./pubsub-types.js";
import { type Checked, check } from "./schema.js";
import { SubscriberConnection } from "./subscriber-connection.js";
import { SubscriptionRegistry } from "./subscription-registry.js";

/** One subscribe call's handler: a token of its own, so the same function subscribed twice counts twice. */
interface Listener {
  handler: MessageHandler<unknown, string>;
}

/** Where a message arrived, for reporting. */
interface Arrival {
  channel: string;
  pattern: string | undefined;
  raw: Buffer;
}

function defaultOnError(error: RedisMcpError): void {
  console.error(`@redis-mcp/pubsub: ${error.message}`);
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

class RedisPubSub {
  readonly sharded: boolean;
  readonly #client: RedisClient;
  readonly #catalog: ChannelCatalog;
  readonly #codec: EnvelopeCodec;
  readonly #onError: (error: RedisMcpError) => void;
  readonly #subscriber: SubscriberConnection;
  readonly #channels: SubscriptionRegistry<Listener>;
  readonly #patterns: SubscriptionRegistry<Listener>;
  /** ioredis prefixes SPUBLISH/SSUBSCRIBE channels (they are keys) with the client's keyPrefix; names we show never carry it. */
  readonly #shardPrefix: string;
  /** Cluster node connections by address, for publishing each channel through the node owning its slot. */
  readonly #nodes = new Map<string, Redis>();
  #closed = false;
  /** Messages waiting on an asynchronous schema: later messages queue behind them, so order is kept. */
  #asyncTail: Promise<void> | undefined;
  #asyncPending = 0;

  constructor(client: RedisClient, options: PubSubOptions) {
    this.#client = client;
    const { channels, codec = jsonCodec, sharded = false, onError = defaultOnError } = options;
    if (typeof sharded !== "boolean") throw new PubSubInvalidError(`createPubSub: sharded must be true or false, got ${describe(sharded)}.`);
    if (typeof onError !== "function") throw new PubSubInvalidError(`createPubSub: onError must be a function, got ${describe(onError)}.`);
    if (typeof codec?.encode !== "function" || typeof codec.decode !== "function" || typeof codec.name !== "string") {
      throw new PubSubInvalidError("createPubSub: codec must be { name, encode(envelope), decode(bytes) }.");
    }
    this.sharded = sharded;
    this.#catalog = new ChannelCatalog(channels);
    this.#codec = codec;
    this.#onError = onError;
    this.#shardPrefix = sharded ? keyPrefixOf(client) : "";
    this.#subscriber = new SubscriberConnection(client, sharded, {
      message: (channel, payload) => this.#onChannelMessage(channel, payload),
      patternMessage: (pattern, channel, payload) => this.#onPatternMessage(pattern, channel, payload),
      reconnected: () => this.#afterReconnect(),
      error: (error) => this.#report(error),
    });
    // Registry names are the names on the wire; for sharded channels ioredis adds the prefix itself.
    const command =
      (name: string, prefix = "") =>
      async (wireName: string) => {
        const connection = await this.#subscriber.get();
        try {
          return await connection.call(name, [wireName.slice(prefix.length)]);
        } catch (error) {
          if (this.#closed) throw this.#closedError(name);
          throw toRedisMcpError(error, `${name} ${wireName}`);
        }
      };
    this.#channels = new SubscriptionRegistry(
      sharded
        ? { subscribe: command("ssubscribe", this.#shardPrefix), unsubscribe: command("sunsubscribe", this.#shardPrefix) }
        : { subscribe: command("subscribe"), unsubscribe: command("unsubscribe") },
    );
    this.#patterns = new SubscriptionRegistry({ subscribe: command("psubscribe"), unsubscribe: command("punsubscribe") });
  }

  publish(channel: string, data: unknown): Promise<number> {
    try {
      this.#assertOpen("publish");
      assertName("publish", "channel", channel);
      const definition = this.#catalog.resolve("publish", channel);
      const payload = this.#prepare(`publish ${channel}`, definition, data);
      return payload instanceof Promise ? payload.then((bytes) => this.#send(channel, bytes)) : this.#send(channel, payload);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #send(channel: string, payload: string | Buffer): Promise<number> {
    try {
      const receivers = this.sharded ? await this.#client.call("spublish", [channel, payload]) : await this.#publisherOf(channel).publish(channel, payload);
      return Number(receivers);
    } catch (error) {
      throw toRedisMcpError(error, `publish ${channel}`);
    }
  }

  /**
   * Where a classic PUBLISH goes. A cluster client sends keyless commands to a random node, and the
   * cluster bus then forwards from several nodes at once, so one publisher's messages on a channel
   * could arrive out of order. Every message of a channel goes through the node owning its hash
   * slot instead: one path, one order.
   */
  #publisherOf(channel: string): RedisClient {
    if (!isCluster(this.#client)) return this.#client;
    const nodeKey = (this.#client as Cluster).slots[slotOf(channel)]?.[0];
    if (nodeKey === undefined) return this.#client;
    let node = this.#nodes.get(nodeKey);
    if (node === undefined || node.status === "end") {
      node = this.#client.nodes("master").find((candidate) => nodeAddress(candidate) === nodeKey);
      if (node === undefined) return this.#client;
      this.#nodes.set(nodeKey, node);
    }
    return node;
  }

  /** Validates `data` for a channel and encodes its envelope; synchronous unless the schema is asynchronous. */
  #prepare(operation: string, definition: ResolvedChannel, data: unknown): string | Buffer | Promise<string | Buffer> {
    if (!definition.schema) return encodeEnvelope(operation, this.#codec, createEnvelope(data, Date.now, definition.version));
    const checked = check(definition.schema, data);
    const encode = (result: Checked<unknown>) => {
      if (!result.ok) throw new PubSubInvalidError(`${operation}: the payload does not match the channel's schema: ${result.problem}. Nothing was published.`);
      // The input is sent, not the parsed output: receivers parse it again, and transforms must not run twice.
      return encodeEnvelope(operation, this.#codec, createEnvelope(data, Date.now, definition.version));
    };
    return checked instanceof Promise ? checked.then(encode) : encode(checked);
  }

  async subscribe(channels: string | readonly string[], handler: MessageHandler<unknown, string>): Promise<Unsubscribe> {
    this.#assertOpen("subscribe");
    const names = namesOf("subscribe", "channel", channels);
    this.#assertHandler("subscribe", handler);
    for (const name of names) this.#catalog.resolve("subscribe", name);
    return this.#add(
      this.#channels,
      names.map((name) => this.#shardPrefix + name),
      handler,
    );
  }

  async psubscribe(patterns: string | readonly string[], handler: MessageHandler<unknown, string>): Promise<Unsubscribe> {
    this.#assertOpen("psubscribe");
    if (this.sharded) {
      throw new UnsupportedError(
        "psubscribe: sharded pub/sub has no pattern subscriptions. Subscribe to the channels by name, or use a classic (sharded: false) instance.",
      );
    }
    const names = namesOf("psubscribe", "pattern", patterns);
    this.#assertHandler("psubscribe", handler);
    return this.#add(this.#patterns, names, handler);
  }

  async #add(registry: SubscriptionRegistry<Listener>, names: string[], handler: MessageHandler<unknown, string>): Promise<Unsubscribe> {
    const listener: Listener = { handler };
    await registry.add(names, listener);
    let removal: Promise<void> | undefined;
    return () => {
      removal ??= this.#closed ? Promise.resolve() : registry.remove(names, listener);
      return removal;
    };
  }

  async publishToPattern(pattern: string, data: unknown): Promise<PatternPublishResult> {
    this.#assertOpen("publishToPattern");
    assertName("publishToPattern", "pattern", pattern);
    const matching = await this.channels(pattern);
    const targets = matching.filter((channel) => this.#catalog.lookup(channel) !== undefined);
    // Every payload is validated before anything is sent: a bad one publishes nothing.
    const payloads = await Promise.all(
      targets.map((channel) => this.#prepare(`publishToPattern ${channel}`, this.#catalog.lookup(channel) as ResolvedChannel, data)),
    );
    const receivers = await Promise.all(targets.map((channel, index) => this.#send(channel, payloads[index] as string | Buffer)));
    return { channels: targets, receivers: receivers.reduce((sum, count) => sum + count, 0) };
  }

  async channels(pattern?: string): Promise<string[]> {
    if (pattern !== undefined) assertName("channels", "pattern", pattern);
    const wirePattern = pattern === undefined ? (this.#shardPrefix ? `${escapeGlob(this.#shardPrefix)}*` : undefined) : escapeGlob(this.#shardPrefix) + pattern;
    const names = await activeChannels(this.#client, this.sharded, wirePattern);
    return this.#shardPrefix ? names.map((name) => name.slice(this.#shardPrefix.length)) : names;
  }

  async subscriberCounts(channels: string | readonly string[]): Promise<Record<string, number>> {
    const names = namesOf("subscriberCounts", "channel", channels);
    const counts = await subscriberCountsOf(
      this.#client,
      this.sharded,
      names.map((name) => this.#shardPrefix + name),
    );
    return Object.fromEntries(names.map((name) => [name, counts.get(this.#shardPrefix + name) ?? 0]));
  }

  patternCount(): Promise<number> {
    return patternCountOf(this.#client);
  }

  localSubscriptions(): LocalSubscriptions {
    const strip = (entry: { name: string; listeners: number }) => ({ name: entry.name.slice(this.#shardPrefix.length), handlers: entry.listeners });
    return {
      channels: this.#channels.snapshot().map(strip),
      patterns: this.#patterns.snapshot().map((entry) => ({ name: entry.name, handlers: entry.listeners })),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#channels.clear();
    this.#patterns.clear();
    this.#subscriber.close();
  }

  #onChannelMessage(channelBytes: Buffer, payload: Buffer): void {
    const wireName = channelBytes.toString("utf8");
    const listeners = this.#channels.listeners(wireName);
    if (!listeners || listeners.size === 0) return;
    this.#deliver(listeners, { channel: wireName.slice(this.#shardPrefix.length), pattern: undefined, raw: payload });
  }

  #onPatternMessage(pattern: string, channelBytes: Buffer, payload: Buffer): void {
    const listeners = this.#patterns.listeners(pattern);
    if (!listeners || listeners.size === 0) return;
    this.#deliver(listeners, { channel: channelBytes.toString("utf8"), pattern, raw: payload });
  }

  /** Decodes and validates once, then calls every listener with the same message. Never throws. */
  #deliver(listeners: ReadonlySet<Listener>, arrival: Arrival): void {
    const definition = this.#catalog.lookup(arrival.channel);
    if (!definition) {
      this.#invalid(arrival, `it arrived on ${JSON.stringify(arrival.channel)}, which is not one of the typed channels`);
      return;
    }
    const decoded = decodeEnvelope(this.#codec, arrival.raw);
    if (!decoded.ok) {
      this.#invalid(arrival, decoded.problem, decoded.cause);
      return;
    }
    const { envelope } = decoded;
    if (!definition.schema && this.#asyncPending === 0) {
      this.#dispatch(listeners, arrival, envelope, envelope.data);
      return;
    }
    const checked = definition.schema ? check(definition.schema, envelope.data) : ({ ok: true, value: envelope.data } as const);
    if (!(checked instanceof Promise) && this.#asyncPending === 0) {
      this.#settle(listeners, arrival, envelope, checked);
      return;
    }
    // An asynchronous schema: this message, and every one after it until the queue drains, waits its turn.
    this.#asyncPending += 1;
    const previous = this.#asyncTail ?? Promise.resolve();
    const tail = previous
      .then(() => checked)
      .then(
        (result) => this.#settle(listeners, arrival, envelope, result),
        (error: unknown) => this.#invalid(arrival, `its schema threw (${error instanceof Error ? error.message : String(error)})`, error),
      )
      .finally(() => {
        this.#asyncPending -= 1;
        if (this.#asyncTail === tail) this.#asyncTail = undefined;
      });
    this.#asyncTail = tail;
  }

  #settle(listeners: ReadonlySet<Listener>, arrival: Arrival, envelope: Envelope<unknown>, checked: Checked<unknown>): void {
    if (!checked.ok) {
      this.#invalid(arrival, `its payload does not match the channel's schema: ${checked.problem}`);
      return;
    }
    this.#dispatch(listeners, arrival, envelope, checked.value);
  }

  #dispatch(listeners: ReadonlySet<Listener>, arrival: Arrival, envelope: Envelope<unknown>, data: unknown): void {
    const message: PubSubMessage<unknown, string> = { id: envelope.id, timestamp: envelope.timestamp, data, channel: arrival.channel };
    if (arrival.pattern !== undefined) message.pattern = arrival.pattern;
    if (envelope.v !== undefined) message.v = envelope.v;
    for (const listener of listeners) {
      try {
        const result = listener.handler(message);
        if (result instanceof Promise) result.catch((error: unknown) => this.#handlerFailed(arrival, envelope, error));
      } catch (error) {
        this.#handlerFailed(arrival, envelope, error);
      }
    }
  }

  #invalid(arrival: Arrival, problem: string, cause?: unknown): void {
    const where =
      arrival.pattern === undefined
        ? `channel ${JSON.stringify(arrival.channel)}`
        : `channel ${JSON.stringify(arrival.channel)} (pattern ${JSON.stringify(arrival.pattern)})`;
    this.#report(
      new InvalidMessageError(`A message on ${where} was dropped: ${problem}. The raw bytes are on error.raw.`, {
        channel: arrival.channel,
        pattern: arrival.pattern,
        raw: arrival.raw,
        cause,
      }),
    );
  }

  #handlerFailed(arrival: Arrival, envelope: Envelope<unknown>, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#report(
      new HandlerError(`A handler for channel ${JSON.stringify(arrival.channel)} failed on message ${envelope.id}: ${reason}`, {
        channel: arrival.channel,
        messageId: envelope.id,
        cause: error,
      }),
    );
  }

  #report(error: RedisMcpError): void {
    try {
      this.#onError(error);
    } catch {
      // An error handler that throws must not break delivery to the other handlers.
    }
  }

  #afterReconnect(): void {
    // ioredis restored what it knew to be subscribed; finish any change a dropped connection interrupted.
    Promise.all([this.#channels.reconcileAll(), this.#patterns.reconcileAll()]).catch((error: unknown) =>
      this.#report(toRedisMcpError(error, "resubscribe after reconnect")),
    );
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw this.#closedError(operation);
  }

  #closedError(operation: string): PubSubClosedError {
    return new PubSubClosedError(`${operation}: this pub/sub instance is closed. Create a new one with createPubSub.`);
  }

  #assertHandler(operation: string, handler: unknown): void {
    if (typeof handler !== "function") throw new PubSubInvalidError(`${operation}: handler must be a function, got ${describe(handler)}.`);
  }
}

/**
 * Creates typed pub/sub on a caller's ioredis client (`Redis` or `Cluster`, ioredis 5 or 6). It
 * publishes on that client and subscribes on one dedicated duplicate, opened on the first
 * subscribe and closed by `close()`; the caller's client is never closed.
 * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) for bad options (a channel without a schema, a bad codec).
 * @example
 * const pubsub = createPubSub(redis, { channels: { orders: z.object({ id: z.number() }) } });
 * const unsubscribe = await pubsub.subscribe("orders", (message) => console.log(message.data.id));
 * await pubsub.publish("orders", { id: 7 });
 * await unsubscribe();
 * await pubsub.close();
 */
export function createPubSub<const Definitions extends ChannelDefinitions>(
  client: RedisClient,
  options: PubSubOptions<Definitions> & { channels: Definitions },
): PubSub<TypedChannels<Definitions>>;
export function createPubSub(client: RedisClient, options?: PubSubOptions<undefined>): PubSub<UntypedChannels>;
export function createPubSub(client: RedisClient, options: PubSubOptions = {}): PubSub<ChannelTypes> {
  const adopted = adoptRedis(client);
  if (typeof options !== "object" || options === null) throw new PubSubInvalidError(`createPubSub: options must be an object, got ${describe(options)}.`);
  return new RedisPubSub(adopted, options) as unknown as PubSub<ChannelTypes>;
}
