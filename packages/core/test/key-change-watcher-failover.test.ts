import { type RedisCluster, startRedisCluster } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { masterNodes, nodeAddress } from "../src/client/redis-client.js";
import { slotOf } from "../src/cluster/slots.js";
import { watchKeyChanges } from "../src/keyspace/key-change-watcher.js";

describe("watchKeyChanges across a cluster failover", () => {
  let cluster: RedisCluster;
  let client: Cluster;
  let writer: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, args: ["--notify-keyspace-events", "KA"] });
    client = new Cluster(cluster.startupNodes, { lazyConnect: true });
    await client.connect();
    // Writes come from another client, so the watcher's own client never meets a MOVED reply: only
    // its periodic slot map check can tell it about the failover.
    writer = new Cluster(cluster.startupNodes, { lazyConnect: true });
    await writer.connect();
  });
  afterAll(async () => {
    client?.disconnect();
    writer?.disconnect();
    await cluster?.stop();
  });

  it("hears a watched key on the replica promoted when its master died", async () => {
    const heard: string[] = [];
    const watcher = await watchKeyChanges(client, (key, event) => heard.push(`${key} ${event}`), { topologyCheckMs: 200 });
    try {
      await watcher.watch("order:7");
      await writer.set("order:7", "placed");
      await vi.waitFor(() => expect(heard).toContain("order:7 set"));

      const range = (await client.cluster("SLOTS")).find(([from, to]) => from <= slotOf("order:7") && slotOf("order:7") <= to);
      const [, , [, masterPort] = [], [replicaHost = "", replicaPort = 0] = []] = range ?? [];
      // The key's master dies; the cluster promotes its replica (cluster-node-timeout 2 s).
      await cluster.nodes.find((node) => node.port === masterPort)?.kill();
      const replica = new Redis(replicaPort, replicaHost);
      try {
        await vi.waitFor(async () => expect((await replica.role())[0]).toBe("master"), { timeout: 30_000, interval: 200 });
      } finally {
        replica.disconnect();
      }
      heard.length = 0;
      let version = 0;
      await vi.waitFor(
        async () => {
          await writer.set("order:7", `version ${++version}`);
          expect(heard).toContain("order:7 set");
        },
        { timeout: 30_000, interval: 250 },
      );
      expect(masterNodes(client).map(nodeAddress)).toContain(`${replicaHost}:${replicaPort}`);
      // The promoted replica has the watcher's one subscriber for the key.
      const promoted = new Redis(replicaPort, replicaHost);
      try {
        expect(await promoted.pubsub("NUMSUB", "__keyspace@0__:order:7")).toEqual(["__keyspace@0__:order:7", 1]);
      } finally {
        promoted.disconnect();
      }
    } finally {
      watcher.close();
    }
  }, 120_000);
});
