import type { RedisClient } from "@redis-mcp/core";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster as Cluster5, Redis as Redis5 } from "ioredis-v5";
import { describe, expect, it } from "vitest";
import { RedisSessionStore } from "../src/express/index.js";
import { createSessionStore } from "../src/index.js";
import { TEST_KEY } from "./support/keys.js";

describe("a caller's ioredis 5 client", () => {
  for (const topology of ["standalone", "cluster"] as const) {
    it(`runs every store operation on ${topology}, and is never closed by the store`, async () => {
      const client =
        topology === "standalone" ? new Redis5((await useRedis()).port) : new Cluster5((await useRedisCluster()).startupNodes, { lazyConnect: false });
      try {
        const redis = client as unknown as RedisClient;
        const store = createSessionStore(redis, { secret: TEST_KEY, ttlMs: 60_000 });
        const session = await store.create({ a: 1 }, { userId: "ada" });
        expect((await store.get(session.id))?.data).toEqual({ a: 1 });
        expect((await store.update(session.id, { b: 2 }))?.data).toEqual({ a: 1, b: 2 });
        expect(await store.touch(session.id)).toBe(true);
        expect((await store.listForUser("ada")).map((listed) => listed.id)).toEqual([session.id]);
        expect(await store.count()).toBe(1);
        expect(await store.destroyAllForUser("ada")).toBe(1);
        const express = new RedisSessionStore(redis, { secret: TEST_KEY });
        await express.set("express-id", { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) } } as never);
        expect(await express.length()).toBe(1);
        await express.destroy("express-id");
        expect(await express.get("express-id")).toBeNull();
        expect(await client.ping()).toBe("PONG");
      } finally {
        client.disconnect();
      }
    });
  }
});
