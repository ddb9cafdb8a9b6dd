import { closeRedis, createRedis, type RedisClient, RedisMcpError } from "@redis-mcp/core";
import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { createSessionStore } from "../src/index.js";
import { TEST_KEY } from "./support/keys.js";
import { eventually, settlesWithin } from "./support/settles-within.js";

const FAST = { connectTimeoutMs: 500, commandTimeoutMs: 500, retry: { initialDelayMs: 20, maxDelayMs: 200 } };

const codeOf = (error: unknown) => (RedisMcpError.isInstance(error) ? error.code : String(error));

describe("Redis restarted mid-flight (private server, AOF)", () => {
  let server: StandaloneRedis;
  let redis: RedisClient;
  beforeAll(async () => {
    server = await startRedisServer({ persistence: "aof" });
    redis = await createRedis({ port: server.port, ...FAST });
  });
  afterAll(async () => {
    await closeRedis(redis);
    await server.stop();
  });

  it("fails operations with coded errors in bounded time while Redis is down, then recovers on its own", async () => {
    const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 60_000 });
    const session = await store.create({ cart: [1] }, { userId: "ada" });
    let stop = false;
    const failures: string[] = [];
    let successesAfterRestart = 0;
    let restarted = false;
    // Traffic that keeps going through the crash, as an app server's would.
    const traffic = (async () => {
      for (let step = 0; !stop; step++) {
        try {
          await settlesWithin(Promise.all([store.get(session.id), store.update(session.id, { [`step${step % 5}`]: step }), store.touch(session.id)]), 5_000);
          if (restarted) successesAfterRestart += 1;
        } catch (error) {
          failures.push(codeOf(error));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.node.kill();
    const whileDown = await settlesWithin(
      store.get(session.id).catch((error: unknown) => error),
      5_000,
    );
    expect(["E_REDIS_UNAVAILABLE", "E_TIMEOUT"]).toContain(codeOf(whileDown));
    await server.node.start();
    restarted = true;
    await eventually(async () => {
      if (successesAfterRestart < 3) throw new Error("no traffic through yet");
    });
    stop = true;
    await traffic;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((code) => code === "E_REDIS_UNAVAILABLE" || code === "E_TIMEOUT")).toBe(true);
    // Everything acknowledged before the crash survived (appendfsync always), scripts were reloaded.
    const read = await store.get(session.id);
    expect(read?.data.cart).toEqual([1]);
    expect((await store.listForUser("ada")).map((listed) => listed.id)).toEqual([session.id]);
    expect(await store.destroy(session.id)).toBe(true);
    expect(await store.get(session.id)).toBeNull();
  });

  it("keeps the express store's callbacks coded while down, and serving after", async () => {
    const store = new RedisSessionStore(redis, { secret: TEST_KEY });
    const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) };
    await store.set("express-id", { cookie, userId: "ada" } as never);
    await server.node.kill();
    const error = await settlesWithin(new Promise((resolve) => store.get("express-id", (failure) => resolve(failure))), 5_000);
    expect(["E_REDIS_UNAVAILABLE", "E_TIMEOUT"]).toContain(codeOf(error));
    await server.node.start();
    const data = await eventually(() => store.get("express-id"));
    expect((data as unknown as { userId: string }).userId).toBe("ada");
  });
});
