import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectCapabilities } from "../src/capabilities/capabilities.js";
import type { RedisClient } from "../src/client/redis-client.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("detectCapabilities on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("reports the server version, modules, cluster mode and notifications", async () => {
    const capabilities = await detectCapabilities(redis);
    const info = await (topology.name === "cluster" ? (redis as import("ioredis").Cluster).nodes("master")[0]?.info("server") : redis.info("server"));
    expect(capabilities.version.text).toBe(/redis_version:(\S+)/.exec(info ?? "")?.[1]);
    expect(capabilities.version.major).toBeGreaterThanOrEqual(6);
    expect(capabilities.cluster).toBe(topology.name === "cluster");
    // The test servers are plain Redis: no modules.
    expect(capabilities).toMatchObject({ json: false, search: false, bloom: false, timeSeries: false, modules: {} });
    expect(capabilities.keyspaceNotifications).toBe("");
    expect(await detectCapabilities(redis)).toBe(capabilities);
  });
});
