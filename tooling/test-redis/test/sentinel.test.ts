import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { startRedisSentinel } from "../src/index.js";
import { isAlive } from "./process-helpers.js";

describe("startRedisSentinel", () => {
  it("serves through the sentinels and survives a failover of the master", async () => {
    const deployment = await startRedisSentinel({ password: "data-pass", sentinelPassword: "sentinel-pass" });
    const pids = [...deployment.dataNodes, ...deployment.sentinels].map((node) => node.pid ?? 0);
    expect(deployment.dataNodes).toHaveLength(2);
    expect(deployment.sentinels).toHaveLength(3);
    const client = new Redis({
      sentinels: deployment.sentinelAddresses,
      name: deployment.masterName,
      password: "data-pass",
      sentinelPassword: "sentinel-pass",
      maxRetriesPerRequest: null,
    });
    try {
      const before = await deployment.currentMaster();
      await client.set("written-before", "1");
      // Make sure the replica has it before the master dies.
      expect(await client.call("WAIT", 1, 2000)).toBe(1);
      const after = await deployment.failover();
      expect(after.port).not.toBe(before.port);
      expect(await client.get("written-before")).toBe("1");
      await client.set("written-after", "2");
      expect(await client.get("written-after")).toBe("2");
    } finally {
      client.disconnect();
      await deployment.stop();
    }
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
