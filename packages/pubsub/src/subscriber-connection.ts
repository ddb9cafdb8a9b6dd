import { isCluster, openDedicatedConnection, type RedisClient, type RedisMcpError, RedisUnavailableError } from "@redis-mcp/core";
import { PubSubClosedError } from "./errors.js";

/** What the subscriber connection hands on. */
export interface SubscriberEvents {
  /** A message on a channel (`message` or, sharded, `smessage`). */
  message(channel: Buffer, payload: Buffer): void;
  /** A message matching a pattern subscription. */
  patternMessage(pattern: string, channel: Buffer, payload: Buffer): void;
  /** The connection is ready again after a reconnect (ioredis has resubscribed). */
  reconnected(): void;
  /** A connection error (reported once per outage). */
  error(error: RedisMcpError): void;
}

/**
 * The one dedicated connection a pub/sub instance subscribes on: a duplicate of the caller's
 * client, opened on first use and closed by `close()`. ioredis resubscribes it after a reconnect
 * (a Cluster subscriber moves to another node and resubscribes there).
 */
export class SubscriberConnection {
  #opening: Promise<RedisClient> | undefined;
  #connection: RedisClient | undefined;
  #closed = false;

  constructor(
    readonly client: RedisClient,
    readonly sharded: boolean,
    readonly events: SubscriberEvents,
  ) {}

  /** The connection, opening it on first use. */
  get(): Promise<RedisClient> {
    if (!this.#opening) {
      this.#opening = this.#open();
      // A failed open is retried by the next call.
      this.#opening.catch(() => {
        this.#opening = undefined;
      });
    }
    return this.#opening;
  }

  async #open(): Promise<RedisClient> {
    let outage = false;
    const overrides: Record<string, unknown> = isCluster(this.client)
      ? this.sharded
        ? { shardedSubscribers: true }
        : {}
      : // The caller may have turned it off on their client; our subscriptions must come back.
        { autoResubscribe: true };
    const connection = await openDedicatedConnection(this.client, {
      overrides,
      onError: (error) => {
        // One report per outage: ioredis emits an error for every failed reconnect attempt.
        if (outage || this.#closed) return;
        outage = true;
        this.events.error(error);
      },
    });
    if (this.#closed) {
      connection.disconnect();
      throw new PubSubClosedError("subscribe: this pub/sub instance was closed while its subscriber connection opened.");
    }
    connection.on("messageBuffer", this.events.message);
    connection.on("smessageBuffer", this.events.message);
    connection.on("pmessageBuffer", this.events.patternMessage);
    connection.on("close", () => {
      if (outage || this.#closed) return;
      outage = true;
      this.events.error(
        new RedisUnavailableError(
          "The pub/sub subscriber connection to Redis closed; it reconnects and resubscribes on its own. Messages published until then are lost (pub/sub keeps nothing; use a durable topic where that matters).",
        ),
      );
    });
    // The connection is ready already: every "ready" from now on follows a reconnect.
    connection.on("ready", () => {
      outage = false;
      this.events.reconnected();
    });
    this.#connection = connection;
    return connection;
  }

  /** Closes the connection (every subscription ends at once). */
  close(): void {
    this.#closed = true;
    this.#connection?.disconnect();
    this.#connection = undefined;
  }
}
