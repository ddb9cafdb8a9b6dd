import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { describe, expect, it } from "vitest";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";
import { completeHashFields, completeKeyNames } from "../src/keyspace/complete-names.js";

describe("completeKeyNames", () => {
  it("lists names under a prefix, matched literally, sorted and limited", async () => {
    const server = await useRedis();
    const redis = await createRedis(server.url);
    try {
      await redis.mset("user:1", "a", "user:2", "b", "user:10", "c", "users", "d", "order:1", "e", "user*x", "f");
      await redis.hset("user:h", "f", "v");
      expect(await completeKeyNames(redis, "user:")).toEqual({ values: ["user:1", "user:10", "user:2", "user:h"], hasMore: false });
      // "*" in what the user typed is a character, not a wildcard.
      expect(await completeKeyNames(redis, "user*")).toEqual({ values: ["user*x"], hasMore: false });
      expect(await completeKeyNames(redis, "user:", { type: "hash" })).toEqual({ values: ["user:h"], hasMore: false });
      expect(await completeKeyNames(redis, "user:", { limit: 2 })).toEqual({ values: ["user:1", "user:10"], hasMore: true });
      expect(await completeKeyNames(redis, "nothing:")).toEqual({ values: [], hasMore: false });
    } finally {
      await closeRedis(redis);
    }
  });

  it("stops after maxRounds on a large keyspace and says there may be more", async () => {
    const server = await useRedis();
    const redis = await createRedis(server.url);
    try {
      const pipeline = redis.pipeline();
      for (let index = 0; index < 5000; index++) pipeline.set(`noise:${index}`, "x");
      pipeline.set("needle:1", "x");
      await pipeline.exec();
      const cut = await completeKeyNames(redis, "needle:", { maxRounds: 1, count: 10 });
      expect(cut.hasMore).toBe(true);
      expect(cut.values.length).toBeLessThanOrEqual(1);
      expect(await completeKeyNames(redis, "needle:", { maxRounds: 100 })).toEqual({ values: ["needle:1"], hasMore: false });
    } finally {
      await closeRedis(redis);
    }
  });

  it("sees only keys under the client's keyPrefix, named without it", async () => {
    const server = await useRedis();
    const scoped = await createRedis({ url: server.url, keyPrefix: "tenant:" });
    const raw = await createRedis(server.url);
    try {
      await raw.mset("tenant:user:1", "a", "other:user:2", "b");
      expect(await completeKeyNames(scoped, "user:")).toEqual({ values: ["user:1"], hasMore: false });
    } finally {
      await closeRedis(scoped);
      await closeRedis(raw);
    }
  });

  it("rejects bad options before sending anything", async () => {
    const server = await useRedis();
    const redis = await createRedis(server.url);
    try {
      await expect(completeKeyNames(redis, "a", { limit: 101 })).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
      await expect(completeKeyNames(redis, 5 as unknown as string)).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    } finally {
      await closeRedis(redis);
    }
  });

  it("walks every master of a cluster", async () => {
    const cluster = await useRedisCluster();
    const redis = await createRedis({ cluster: { nodes: cluster.startupNodes.map((node) => `${node.host}:${node.port}`) } });
    try {
      const names = Array.from({ length: 30 }, (_, index) => `item:${index}`);
      await Promise.all(names.map((name) => redis.set(name, "x")));
      const found = await completeKeyNames(redis, "item:", { limit: 100 });
      expect(found).toEqual({ values: [...names].sort(), hasMore: false });
    } finally {
      await closeRedis(redis);
    }
  });
});

describe("completeHashFields", () => {
  it("lists a hash's fields under a prefix, and nothing for a missing key", async () => {
    const server = await useRedis();
    const redis = await createRedis(server.url);
    try {
      await redis.hset("user:1", { email: "a@b", emailVerified: "1", name: "Ann", "e*": "x" });
      expect(await completeHashFields(redis, "user:1", "em")).toEqual({ values: ["email", "emailVerified"], hasMore: false });
      expect(await completeHashFields(redis, "user:1", "e*")).toEqual({ values: ["e*"], hasMore: false });
      expect(await completeHashFields(redis, "user:1", "", { limit: 2 })).toEqual({ values: ["e*", "email"], hasMore: true });
      expect(await completeHashFields(redis, "missing", "")).toEqual({ values: [], hasMore: false });
      await redis.set("text", "x");
      await expect(completeHashFields(redis, "text", "")).rejects.toMatchObject({ code: "E_WRONG_TYPE" });
    } finally {
      await closeRedis(redis);
    }
  });
});
