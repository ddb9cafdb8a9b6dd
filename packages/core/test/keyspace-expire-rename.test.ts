import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisClient } from "../src/client/redis-client.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { expireKey } from "../src/keyspace/expire-key.js";
import { renameKey } from "../src/keyspace/rename-key.js";
import { topologies } from "./topologies.js";

const codeOf = (error: unknown) => (RedisMcpError.isInstance(error) ? error.code : undefined);

describe.each(topologies)("expireKey and renameKey on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("sets, reads and removes a TTL in one call", async () => {
    await redis.set("session", "x");
    const set = await expireKey(redis, "session", { ttlMs: 60_000 });
    expect(set.applied).toBe(true);
    expect(set.ttlMs).toBeGreaterThan(50_000);
    expect(await expireKey(redis, "session", { persist: true })).toEqual({ applied: true, ttlMs: -1 });
    expect(await expireKey(redis, "missing", { ttlMs: 1000 })).toEqual({ applied: false, ttlMs: -2 });
    expect(codeOf(await expireKey(redis, "session", {} as never).catch((error: unknown) => error))).toBe("E_INVALID_ARGUMENT");
    expect(codeOf(await expireKey(redis, "session", { ttlMs: 0 }).catch((error: unknown) => error))).toBe("E_INVALID_ARGUMENT");
    expect(await redis.pttl("session")).toBe(-1);
  });

  it("renames without overwriting unless asked, and says when the key is missing", async () => {
    await redis.set("{r}:old", "v");
    await redis.set("{r}:taken", "w");
    expect(await renameKey(redis, "{r}:old", "{r}:taken")).toBe(false);
    expect(await redis.get("{r}:taken")).toBe("w");
    expect(await renameKey(redis, "{r}:old", "{r}:new")).toBe(true);
    expect(await renameKey(redis, "{r}:new", "{r}:taken", { overwrite: true })).toBe(true);
    expect(await redis.get("{r}:taken")).toBe("v");
    expect(codeOf(await renameKey(redis, "{r}:gone", "{r}:x").catch((error: unknown) => error))).toBe("E_NOT_FOUND");
    const crossSlot = await renameKey(redis, "{r}:taken", "elsewhere").catch((error: unknown) => error);
    if (topology.name === "cluster") expect(codeOf(crossSlot)).toBe("E_CROSSSLOT");
    else expect(crossSlot).toBe(true);
  });
});
