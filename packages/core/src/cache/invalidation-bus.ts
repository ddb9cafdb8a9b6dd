import { isCluster, type RedisClient } from "../client/redis-client.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";
import { type BusMessage, decodeBusMessage, encodeBusMessage } from "./bus-message.js";

/** What the bus tells the cache. */
export interface BusHandlers {
  onMessage(message: BusMessage): void;
  /** The subscription came back after the connection was lost: messages may have been missed. */
  onResubscribed(): void;
  onError(error: unknown): void;
}

/**
 * The namespace's invalidation bus: one subscriber connection per cache (a duplicate of the
 * caller's client that reconnects by itself), listening on the namespace's channel. Writers
 * publish from inside their write scripts, so a message always follows the write it announces.
 */
export class InvalidationBus {
  readonly #client: RedisClient;
  readonly #subscriber: RedisClient;
  #listening = false;
  #lostSinceSubscribed = false;
  #stopped = false;
  #resolveReady: () => void = () => undefined;
  /** Resolves when the first subscription is confirmed. */
  readonly ready: Promise<void>;

  constructor(
    client: RedisClient,
    readonly channel: string,
    readonly handlers: BusHandlers,
  ) {
    this.#client = client;
    this.ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
    // A long-lived connection that reconnects on its own (unlike withDedicatedConnection's, which
    // serves one blocking call): pub/sub needs its own connection, shared by every wait and message.
    // Not openDedicatedConnection: that one fails when Redis is down, and the cache must start anyway.
    // (The ternary narrows the union: Redis and Cluster declare duplicate() with different parameters.)
    this.#subscriber = isCluster(client) ? client.duplicate() : client.duplicate();
    this.#subscriber.on("error", (error: unknown) => handlers.onError(toRedisMcpError(error, "cache bus")));
    this.#subscriber.on("message", (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const message = decodeBusMessage(text);
      if (message) handlers.onMessage(message);
    });
    this.#subscriber.on("close", () => {
      if (this.#listening) this.#lostSinceSubscribed = true;
      this.#listening = false;
    });
    // ioredis resubscribes by itself after a reconnect; subscribing again on every "ready" also
    // covers a first subscription that failed while Redis was down, and confirms when it is back.
    this.#subscriber.on("ready", () => this.#subscribe());
    this.#subscribe();
  }

  /** True while the subscription is confirmed and the connection up. */
  get listening(): boolean {
    return this.#listening;
  }

  /** Publishes a message on the caller's client (used when there is no Redis tier whose scripts publish). */
  async publish(message: BusMessage): Promise<void> {
    await this.#client.publish(this.channel, encodeBusMessage(message));
  }

  /** Closes the subscriber connection (created here; the caller's client stays open). */
  stop(): void {
    this.#stopped = true;
    this.#listening = false;
    this.#subscriber.disconnect();
  }

  #subscribe(): void {
    if (this.#stopped) return;
    this.#subscriber.subscribe(this.channel).then(
      () => {
        if (this.#stopped) return;
        this.#listening = true;
        if (this.#lostSinceSubscribed) {
          this.#lostSinceSubscribed = false;
          this.handlers.onResubscribed();
        }
        this.#resolveReady();
      },
      (error: unknown) => {
        if (!this.#stopped) this.handlers.onError(toRedisMcpError(error, "cache bus: SUBSCRIBE"));
      },
    );
  }
}
