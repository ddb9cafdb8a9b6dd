import { type RedisSentinel, startRedisSentinel } from "@redis-mcp/test-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";
import { eventually } from "./settles-within.js";

describe("createRedis through Sentinel", () => {
  let deployment: RedisSentinel;
  beforeAll(async () => {
    deployment = await startRedisSentinel({ password: "data-pass", sentinelPassword: "sentinel-pass" });
  });
  afterAll(() => deployment.stop());

  it("follows a failover: commands resume on the promoted replica", async () => {
    const sentinels = deployment.sentinelAddresses.map((node) => `${node.host}:${node.port}`).join(",");
    const redis = await createRedis(
      { password: "data-pass", sentinel: { name: deployment.masterName, sentinels, password: "sentinel-pass" }, commandTimeoutMs: 1_000 },
      { onError: () => {} },
    );
    try {
      await redis.set("order:1", "placed");
      expect(await redis.call("WAIT", 1, 2_000)).toBe(1);
      const before = await deployment.currentMaster();
      const promoted = await deployment.failover();
      expect(promoted.port).not.toBe(before.port);
      await eventually(() => redis.set("order:2", "placed"), 20_000);
      expect(await redis.mget("order:1", "order:2")).toEqual(["placed", "placed"]);
      const role = (await redis.call("ROLE")) as unknown[];
      expect(role[0]).toBe("master");
    } finally {
      await closeRedis(redis);
    }
  });
});
