import { randomBytes } from "node:crypto";
import { closeRedis, createRedis, type RedisClient } from "@redis-mcp/core";
import { createSessionStore, type SessionStore } from "@redis-mcp/session";
import { RedisSessionStore } from "@redis-mcp/session/express";
import { startRedisServer } from "@redis-mcp/test-redis";
import { RedisStore as ConnectRedisStore } from "connect-redis";
import type { SessionData as ExpressSessionData, Store } from "express-session";
import { createClient } from "redis";
import { type ComparisonResult, compare, type Variant } from "../harness.js";
import { CpuMeter } from "../process-cpu.js";
import type { Suite } from "../suite.js";

/** Sessions each variant cycles through (a warm working set, as on a busy app server). */
const SESSIONS = 1_000;
/** Concurrent requests in the "in flight" comparisons. */
const IN_FLIGHT = 32;
const TTL_SECONDS = 3_600;
/** The touchAfterMs variant: extend at most once a minute per session and process (1/60 of the TTL). */
const TOUCH_AFTER_MS = 60_000;

/** The same data everywhere: a cart, preferences, a CSRF token (about 200 bytes of JSON). */
function appData(index: number): Record<string, unknown> {
  return {
    cart: [
      { sku: `sku-${index}`, quantity: 2 },
      { sku: "sku-0042", quantity: 1 },
    ],
    preferences: { theme: "dark", language: "en-GB", currency: "EUR" },
    csrfToken: randomBytes(16).toString("base64url"),
  };
}

/** What express-session stores: the cookie and the app's fields. */
function expressSession(index: number): ExpressSessionData {
  const cookie = { originalMaxAge: TTL_SECONDS * 1000, expires: new Date(Date.now() + TTL_SECONDS * 1000).toISOString(), httpOnly: true, path: "/" };
  return { cookie, userId: `user-${index % 100}`, ...appData(index) } as unknown as ExpressSessionData;
}

/** Runs `operations` calls of `operation`, `concurrency` at a time, cycling through the ids. */
function driver(ids: readonly string[], concurrency: number, operation: (id: string) => Promise<unknown>): (operations: number) => Promise<void> {
  let next = 0;
  return async (operations) => {
    let remaining = operations;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (remaining > 0) {
          remaining -= 1;
          const id = ids[next % ids.length] as string;
          next += 1;
          await operation(id);
        }
      }),
    );
  };
}

/** This process's CPU time (user + system), in microseconds. */
function clientCpuMicroseconds(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Runs a comparison while metering, per variant, this process's CPU and the Redis server's CPU per
 * operation, and adds them to the title: on a shared 2-core machine throughput moves with whatever
 * else runs, CPU per operation much less.
 */
async function compareWithCpu(serverPid: number, comparison: Parameters<typeof compare>[0]): Promise<ComparisonResult> {
  const meters = comparison.variants.map((variant) => {
    const server = new CpuMeter(serverPid);
    const client = { microseconds: 0, operations: 0, skip: 1 };
    const run = server.wrap(async (operations: number) => {
      const before = clientCpuMicroseconds();
      await variant.run(operations);
      if (client.skip > 0) client.skip -= 1;
      else {
        client.microseconds += clientCpuMicroseconds() - before;
        client.operations += operations;
      }
    });
    return { name: variant.name, server, client, run };
  });
  const result = await compare({ ...comparison, variants: meters.map(({ name, run }) => ({ name, run })) });
  const notes = meters.map(({ name, server, client }) => {
    const serverCpu = server.perOperation();
    return `${name}: client ${(client.microseconds / Math.max(1, client.operations)).toFixed(0)} µs + Redis ${serverCpu === undefined ? "?" : serverCpu.toFixed(0)} µs`;
  });
  return { ...result, title: `${result.title}. CPU per operation: ${notes.join("; ")}` };
}

/** The seed's session get: HGET the JSON, bump lastAccessed, HSET it back, EXPIRE: three sequential round trips, no encryption. */
async function seedGet(redis: RedisClient, id: string): Promise<unknown> {
  const key = `session:${id}`;
  const stored = await redis.hget(key, "data");
  if (!stored) return null;
  const parsed = JSON.parse(stored) as { lastAccessed: number };
  parsed.lastAccessed = Date.now();
  await redis.hset(key, "data", JSON.stringify(parsed));
  await redis.expire(key, TTL_SECONDS);
  return parsed;
}

/** express-session's request cycle on a store: get at the start, touch at the end (an unmodified session). */
function getAndTouch(store: Store): (id: string) => Promise<void> {
  const touch = store.touch?.bind(store);
  if (!touch) throw new Error("the store has no touch");
  return (id) =>
    new Promise<void>((resolve, reject) => {
      store.get(id, (error, session) => {
        if (error || !session) return reject(error ?? new Error(`session ${id} missing`));
        touch(id, session, (touchError?: unknown) => (touchError ? reject(touchError) : resolve()));
      });
    });
}

function callbackSet(store: Store, id: string, session: ExpressSessionData): Promise<void> {
  return new Promise((resolve, reject) => store.set(id, session, (error?: unknown) => (error ? reject(error) : resolve())));
}

/**
 * Session reads against the alternatives, on one spawned server, in one process:
 * - `get` with rolling expiry (read, mark accessed, extend the TTL, decrypt) against the seed's
 *   naive HGET + HSET + EXPIRE (plain JSON, no encryption), one at a time and 32 in flight; also
 *   with `touchAfterMs` (a read within a minute of this process's last extension writes nothing),
 *   and without the decryption cache (every read decrypts: the bench never changes a session, so
 *   with the cache, on by default, reads after the first skip AES-GCM);
 * - express-session's per-request cycle (store.get, then store.touch) on RedisSessionStore (with
 *   its AES-256-GCM encryption) against connect-redis 10 on node-redis 5 (plain JSON).
 * The seed, our stores and our express stores have a core `createRedis` connection each (variants
 * of one kind share theirs: they run one after another); connect-redis gets node-redis, its own client. Data: a cart, preferences and a CSRF token
 * (plus express-session's cookie), indexed by user for our store.
 */
export const suite: Suite = {
  name: "session",
  description: "session get with rolling expiry vs the seed's HGET+HSET+EXPIRE; express-session get+touch vs connect-redis 10 (node-redis 5)",
  async run() {
    const server = await startRedisServer();
    const pid = server.node.pid;
    if (pid === undefined) throw new Error("the bench server has no pid (a container?): CPU per operation needs a local redis-server");
    const ours = await createRedis({ port: server.port });
    const seed = await createRedis({ port: server.port });
    const expressClient = await createRedis({ port: server.port });
    const nodeRedis = createClient({ url: `redis://127.0.0.1:${server.port}` });
    await nodeRedis.connect();
    try {
      const storeSecret = randomBytes(32);
      const store: SessionStore = createSessionStore(ours, { secret: storeSecret, ttlMs: TTL_SECONDS * 1000, rolling: true });
      // The same sessions through a second store that skips the write on reads within a minute of its last extension.
      const lazyStore: SessionStore = createSessionStore(ours, { secret: storeSecret, ttlMs: TTL_SECONDS * 1000, rolling: true, touchAfterMs: TOUCH_AFTER_MS });
      // And through a third that decrypts on every read (no decryption cache): what AES-GCM costs per read.
      const decryptingStore: SessionStore = createSessionStore(ours, {
        secret: storeSecret,
        ttlMs: TTL_SECONDS * 1000,
        rolling: true,
        decryptionCacheBytes: 0,
      });
      const storeIds: string[] = [];
      for (let index = 0; index < SESSIONS; index++) storeIds.push((await store.create(appData(index), { userId: `user-${index % 100}` })).id);
      const seedIds = Array.from({ length: SESSIONS }, () => randomBytes(32).toString("base64url"));
      for (const [index, id] of seedIds.entries()) {
        const now = Date.now();
        const data = { id, data: appData(index), createdAt: now, lastAccessed: now, expiresAt: now + TTL_SECONDS * 1000 };
        await seed.hset(`session:${id}`, "data", JSON.stringify(data), "userId", `user-${index % 100}`, "ip", "", "userAgent", "");
        await seed.expire(`session:${id}`, TTL_SECONDS);
      }

      const expressSecret = randomBytes(32);
      const ourExpress = new RedisSessionStore(expressClient, {
        secret: expressSecret,
        prefix: "ours:",
        userId: (session: Record<string, unknown>) => session.userId as string,
      });
      const decryptingExpress = new RedisSessionStore(expressClient, {
        secret: expressSecret,
        prefix: "ours:",
        userId: (session: Record<string, unknown>) => session.userId as string,
        decryptionCacheBytes: 0,
      });
      const connectRedis = new ConnectRedisStore({ client: nodeRedis, prefix: "connect:" });
      const expressIds = Array.from({ length: SESSIONS }, () => randomBytes(24).toString("base64url"));
      for (const [index, id] of expressIds.entries()) {
        await callbackSet(ourExpress, id, expressSession(index));
        await callbackSet(connectRedis, id, expressSession(index));
      }

      const getVariants = (concurrency: number): Variant[] => [
        { name: "seed: HGET + HSET + EXPIRE", run: driver(seedIds, concurrency, (id) => seedGet(seed, id)) },
        { name: "redis-mcp store.get (one script)", run: driver(storeIds, concurrency, (id) => store.get(id)) },
        { name: "redis-mcp store.get, no decryption cache", run: driver(storeIds, concurrency, (id) => decryptingStore.get(id)) },
        { name: "redis-mcp store.get, touchAfterMs 60 s", run: driver(storeIds, concurrency, (id) => lazyStore.get(id)) },
      ];
      const expressVariants = (concurrency: number): Variant[] => [
        { name: "connect-redis 10 (node-redis 5)", run: driver(expressIds, concurrency, getAndTouch(connectRedis)) },
        { name: "redis-mcp RedisSessionStore (encrypted)", run: driver(expressIds, concurrency, getAndTouch(ourExpress)) },
        { name: "redis-mcp RedisSessionStore, no decryption cache", run: driver(expressIds, concurrency, getAndTouch(decryptingExpress)) },
      ];

      const results: ComparisonResult[] = [];
      results.push(
        await compareWithCpu(pid, {
          title: "session get with rolling expiry, one at a time",
          baseline: "seed: HGET + HSET + EXPIRE",
          variants: getVariants(1),
          operations: 2_000,
        }),
      );
      results.push(
        await compareWithCpu(pid, {
          title: `session get with rolling expiry, ${IN_FLIGHT} in flight`,
          baseline: "seed: HGET + HSET + EXPIRE",
          variants: getVariants(IN_FLIGHT),
          operations: 10_000,
        }),
      );
      results.push(
        await compareWithCpu(pid, {
          title: "express-session get + touch per request, one at a time",
          baseline: "connect-redis 10 (node-redis 5)",
          variants: expressVariants(1),
          operations: 2_000,
        }),
      );
      results.push(
        await compareWithCpu(pid, {
          title: `express-session get + touch per request, ${IN_FLIGHT} in flight`,
          baseline: "connect-redis 10 (node-redis 5)",
          variants: expressVariants(IN_FLIGHT),
          operations: 10_000,
        }),
      );
      return results;
    } finally {
      await nodeRedis.quit().catch(() => {});
      await Promise.all([closeRedis(ours), closeRedis(seed), closeRedis(expressClient)]);
      await server.stop();
    }
  },
};
