import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectCapabilities } from "../src/capabilities/capabilities.js";
import type { RedisClient } from "../src/client/redis-client.js";
import { topologies } from "./topologies.js";

// Each expectation is checked against what the server itself does, so the same test proves the
// detection on every server the suite runs on (Redis 7.0 and 7.4, Valkey 8: REDIS_SERVER_BIN).
describe.each(topologies)("detectCapabilities on $name", (topology) => {
  let redis: RedisClient;
  let node: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
    node = topology.name === "cluster" ? ((redis as Cluster).nodes("master")[0] ?? redis) : redis;
  });
  afterAll(() => redis.disconnect());

  it("reports the server version, kind, modules, cluster mode and notifications", async () => {
    const capabilities = await detectCapabilities(redis);
    const info = await node.info("server");
    expect(capabilities.version.text).toBe(/redis_version:(\S+)/.exec(info)?.[1]);
    expect(capabilities.version.major).toBeGreaterThanOrEqual(6);
    const valkey = /valkey_version:(\S+)/.exec(info)?.[1];
    expect(capabilities.server).toEqual(
      valkey ? { name: "valkey", version: expect.objectContaining({ text: valkey }) } : { name: "redis", version: capabilities.version },
    );
    expect(capabilities.cluster).toBe(topology.name === "cluster");
    // The test servers run without modules.
    expect(capabilities).toMatchObject({ json: false, search: false, bloom: false, timeSeries: false, modules: {} });
    expect(capabilities.keyspaceNotifications).toBe("");
    expect(await detectCapabilities(redis)).toBe(capabilities);
  });

  it("says hash fields can expire exactly when HEXPIRE works", async () => {
    await redis.hset("{caps}:hash", "field", "value");
    const works = await redis.call("HEXPIRE", "{caps}:hash", "60", "FIELDS", "1", "field").then(
      () => true,
      (error: Error) => {
        expect(error.message).toMatch(/unknown command/i);
        return false;
      },
    );
    expect((await detectCapabilities(redis)).hashFieldExpiry).toBe(works);
  });

  it("says scripts take flags exactly when a flagged cross-slot script runs", async () => {
    const script = "#!lua flags=no-writes,allow-cross-slot-keys\nreturn 1";
    const works = await node.eval(script, 0).then(
      () => true,
      () => false,
    );
    expect((await detectCapabilities(redis)).scriptFlags).toBe(works);
  });
});
