import type { Cluster, Redis } from "ioredis";
import { isCluster, keyPrefixOf, masterNodes, nodeAddress, type RedisClient } from "../client/redis-client.js";
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

/** Options of {@link watchKeyChanges}. */
export interface WatchKeyChangesOptions {
  /**
   * Cluster only: how often, while keys are watched, the client re-reads the slot map so that a
   * failover (a replica promoted, a master added) gets a subscriber on the new master. Default 5000.
   */
  topologyCheckMs?: number;
}

const DEFAULT_TOPOLOGY_CHECK_MS = 5_000;

/**
 * Calls `onChange(key, event)` whenever a watched key changes (`set`, `hset`, `del`, `expired`,
 * ...), from keyspace notifications. Opens one subscriber connection per master (a key's events
 * are published on the node that holds it and its replicas), and applies the client's keyPrefix to
 * the channel, so a scoped client hears only keys in its scope. On a cluster it follows the
 * masters: after every slot map refresh of the client (a MOVED reply, a lost node, or the periodic
 * check of `topologyCheckMs`) a new master, such as a replica promoted when its master died, gets a
 * subscriber with every watched key, and the subscriber of a node that is no longer a master is
 * closed. Nothing is heard while the server's notify-keyspace-events is off: check
 * {@link keyspaceNotificationStatus}.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_AUTH`, ...) when a subscriber cannot connect; nothing stays open.
 * @example const watcher = await watchKeyChanges(redis, (key, event) => console.log(key, event)); await watcher.watch("user:1");
 */
export async function watchKeyChanges(
  client: RedisClient,
  onChange: (key: string, event: string) => void,
  options: WatchKeyChangesOptions = {},
): Promise<KeyChangeWatcher> {
  const prefix = keyPrefixOf(client);
  const database = isCluster(client) ? 0 : Number((client.options as { db?: number }).db ?? 0);
  const channelPrefix = `__keyspace@${database}__:${prefix}`;
  const channelOf = (key: string) => `${channelPrefix}${key}`;
  const keys = new Set<string>();
  /** Subscriber connections by the address of the master they listen to. */
  const subscribers = new Map<string, Redis>();
  let closed = false;

  /** A subscriber on `node`, listening to every key watched once it is connected. */
  const listenOn = async (node: Redis): Promise<void> => {
    const subscriber = node.duplicate({ lazyConnect: true, keyPrefix: undefined });
    markOwned(subscriber);
    subscriber.on("error", () => undefined);
    subscriber.on("message", (channel: string, event: string) => {
      if (channel.startsWith(channelPrefix)) onChange(channel.slice(channelPrefix.length), event);
    });
    try {
      await withRedisErrors("watchKeyChanges: connect", () => subscriber.connect());
      if (closed) throw new Error("closed");
      // In the map before the snapshot of the keys: a key watched from now on is subscribed here by
      // watch(), one watched before is in the snapshot.
      subscribers.set(nodeAddress(node), subscriber);
      if (keys.size > 0) await withRedisErrors("watchKeyChanges: SUBSCRIBE", () => subscriber.subscribe(...[...keys].map(channelOf)));
    } catch (error) {
      subscriber.disconnect();
      if (subscribers.get(nodeAddress(node)) === subscriber) subscribers.delete(nodeAddress(node));
      throw error;
    }
  };

  try {
    for (const node of masterNodes(client)) await listenOn(node);
  } catch (error) {
    for (const subscriber of subscribers.values()) subscriber.disconnect();
    throw error;
  }
  const stopFollowing = isCluster(client) ? followMasters(client, subscribers, listenOn, keys, options.topologyCheckMs ?? DEFAULT_TOPOLOGY_CHECK_MS) : () => {};

  return {
    keys,
    async watch(key) {
      keys.add(key);
      await Promise.all(
        [...subscribers.values()].map((subscriber) => withRedisErrors("watchKeyChanges: SUBSCRIBE", () => subscriber.subscribe(channelOf(key)))),
      );
    },
    async unwatch(key) {
      keys.delete(key);
      await Promise.all(
        [...subscribers.values()].map((subscriber) => withRedisErrors("watchKeyChanges: UNSUBSCRIBE", () => subscriber.unsubscribe(channelOf(key)))),
      );
    },
    close() {
      closed = true;
      stopFollowing();
      keys.clear();
      for (const subscriber of subscribers.values()) subscriber.disconnect();
      subscribers.clear();
    },
  };
}

/**
 * Keeps one subscriber per cluster master across failovers: on each slot map refresh, closes the
 * subscribers of nodes that are no longer masters and opens one on each new master. A master that
 * cannot be reached yet is tried again at the next refresh. Returns what stops it.
 */
function followMasters(
  client: Cluster,
  subscribers: Map<string, Redis>,
  listenOn: (node: Redis) => Promise<void>,
  keys: ReadonlySet<string>,
  topologyCheckMs: number,
): () => void {
  let syncing = false;
  let again = false;
  const sync = async (): Promise<void> => {
    // One pass at a time; a refresh during a pass asks for one more.
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    try {
      do {
        again = false;
        const masters = masterNodes(client);
        // New masters first: a demoted master that is still up goes on publishing the events it
        // replicates, so for a moment an event may be heard twice, but none is missed.
        for (const node of masters) if (!subscribers.has(nodeAddress(node))) await listenOn(node).catch(() => undefined);
        const current = new Set(masters.map(nodeAddress));
        for (const [address, subscriber] of subscribers) {
          if (current.has(address)) continue;
          subscriber.disconnect();
          subscribers.delete(address);
        }
      } while (again);
    } finally {
      syncing = false;
    }
  };
  const onRefresh = () => void sync();
  client.on("refresh", onRefresh);
  // ioredis re-reads the slot map only when a command meets MOVED or a lost node; a watcher may sit
  // on an idle client, so it asks for a refresh itself while something is watched.
  const timer = setInterval(() => {
    if (keys.size > 0 && client.status === "ready") client.refreshSlotsCache();
  }, topologyCheckMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    client.off("refresh", onRefresh);
  };
}
