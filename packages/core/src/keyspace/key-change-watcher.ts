import type { Redis } from "ioredis";
import { isCluster, keyPrefixOf, masterNodes, type RedisClient } from "../client/redis-client.js";
import { markOwned } from "../connection/ownership.js";
import { toRedisMcpError, withRedisErrors } from "../errors/map-redis-error.js";

/** Whether the server publishes keyspace notifications, per CONFIG GET notify-keyspace-events. */
export interface KeyspaceNotificationStatus {
  /** True when every master publishes keyspace (`K`) events of some class; null when CONFIG GET is refused. */
  enabled: boolean | null;
  /** The setting as each master reports it (`""` when off), `host:port` → flags. */
  flags: Record<string, string>;
}

/** Event classes of notify-keyspace-events: `A` (all) or one of the single classes. */
const EVENT_CLASS = /[Ag$lshzxetmdn]/;

/**
 * Reads notify-keyspace-events on every master: keyspace notifications must be on (`K` plus an
 * event class, e.g. `KA`) for {@link watchKeyChanges} to hear anything.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, ...) when a master does not answer; a refused CONFIG gives `enabled: null`.
 * @example if ((await keyspaceNotificationStatus(redis)).enabled === false) console.log("run CONFIG SET notify-keyspace-events KA");
 */
export async function keyspaceNotificationStatus(client: RedisClient): Promise<KeyspaceNotificationStatus> {
  const flags: Record<string, string> = {};
  let refused = false;
  await Promise.all(
    masterNodes(client).map(async (node) => {
      const { host, port } = node.options as { host?: string; port?: number };
      try {
        const reply = (await withRedisErrors("CONFIG GET notify-keyspace-events", () => node.call("CONFIG", "GET", "notify-keyspace-events"))) as string[];
        flags[`${host}:${port}`] = String(reply?.[1] ?? "");
      } catch (error) {
        const coded = toRedisMcpError(error, "CONFIG GET notify-keyspace-events");
        if (coded.code !== "E_NO_PERMISSION" && coded.code !== "E_UNSUPPORTED" && coded.code !== "E_REDIS_COMMAND") throw coded;
        refused = true;
      }
    }),
  );
  const values = Object.values(flags);
  const on = values.length > 0 && values.every((value) => value.includes("K") && EVENT_CLASS.test(value));
  return { enabled: refused ? null : on, flags };
}

/** Subscriptions to key changes; see {@link watchKeyChanges}. */
export interface KeyChangeWatcher {
  /** Starts hearing changes of `key` (without the client's keyPrefix). */
  watch(key: string): Promise<void>;
  /** Stops hearing changes of `key`. */
  unwatch(key: string): Promise<void>;
  /** The keys being watched. */
  readonly keys: ReadonlySet<string>;
  /** Closes the subscriber connections. */
  close(): void;
}

/**
 * Calls `onChange(key, event)` whenever a watched key changes (`set`, `hset`, `del`, `expired`,
 * ...), from keyspace notifications. Opens one subscriber connection per master (a key's events
 * are published only on the node that holds it), and applies the client's keyPrefix to the
 * channel, so a scoped client hears only keys in its scope. Nothing is heard while the server's
 * notify-keyspace-events is off: check {@link keyspaceNotificationStatus}.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_AUTH`, ...) when a subscriber cannot connect; nothing stays open.
 * @example const watcher = await watchKeyChanges(redis, (key, event) => console.log(key, event)); await watcher.watch("user:1");
 */
export async function watchKeyChanges(client: RedisClient, onChange: (key: string, event: string) => void): Promise<KeyChangeWatcher> {
  const prefix = keyPrefixOf(client);
  const database = isCluster(client) ? 0 : Number((client.options as { db?: number }).db ?? 0);
  const channelPrefix = `__keyspace@${database}__:${prefix}`;
  const subscribers: Redis[] = [];
  try {
    for (const node of masterNodes(client)) {
      const subscriber = node.duplicate({ lazyConnect: true, keyPrefix: undefined });
      markOwned(subscriber);
      subscriber.on("error", () => undefined);
      subscribers.push(subscriber);
      await withRedisErrors("watchKeyChanges: connect", () => subscriber.connect());
      subscriber.on("message", (channel: string, event: string) => {
        if (channel.startsWith(channelPrefix)) onChange(channel.slice(channelPrefix.length), event);
      });
    }
  } catch (error) {
    for (const subscriber of subscribers) subscriber.disconnect();
    throw error;
  }
  const keys = new Set<string>();
  return {
    keys,
    async watch(key) {
      keys.add(key);
      await Promise.all(subscribers.map((subscriber) => withRedisErrors("watchKeyChanges: SUBSCRIBE", () => subscriber.subscribe(`${channelPrefix}${key}`))));
    },
    async unwatch(key) {
      keys.delete(key);
      await Promise.all(
        subscribers.map((subscriber) => withRedisErrors("watchKeyChanges: UNSUBSCRIBE", () => subscriber.unsubscribe(`${channelPrefix}${key}`))),
      );
    },
    close() {
      keys.clear();
      for (const subscriber of subscribers) subscriber.disconnect();
    },
  };
}
