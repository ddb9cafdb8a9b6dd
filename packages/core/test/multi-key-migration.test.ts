import { type RedisCluster, startRedisCluster } from "@redis-mcp/test-redis";
import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterMultiKeyPath, multiExists, readKeys, writeKeys } from "../src/cluster/multi-key.js";
import { slotOf } from "../src/cluster/slots.js";

// A slot moves between masters while the client's slot map still names the old owner: the fast
// path's master refuses the keys it no longer holds (ASK during the move, MOVED after it), and
// those keys must still be read and written correctly through the cluster client.
describe.each<ClusterMultiKeyPath>(["script", "per-slot"])("multi-key operations while a slot migrates, %s path", (path) => {
  let servers: RedisCluster;
  let cluster: Cluster;
  let admin: Map<number, Redis>;
  const tag = "{moving}";
  const slot = slotOf(tag);
  const moving = Array.from({ length: 10 }, (_, index) => `${tag}:${index}`);
  const staying = Array.from({ length: 200 }, (_, index) => `still:${index}`);

  async function nodeId(port: number): Promise<string> {
    return String(await admin.get(port)?.cluster("MYID"));
  }

  beforeAll(async () => {
    servers = await startRedisCluster();
    admin = new Map(servers.masters.map((node) => [node.port, new Redis(node.port, node.host)]));
    cluster = new Cluster(servers.startupNodes, { lazyConnect: true });
    await cluster.connect();
  });
  afterAll(async () => {
    cluster.disconnect();
    for (const client of admin.values()) client.disconnect();
    await servers.stop();
  });

  it("reads and writes every key during the move (ASK) and after it (MOVED) with a stale slot map", async () => {
    await writeKeys(
      cluster,
      [...moving, ...staying].map((key) => [key, `old-${key}`] as const),
      {},
      path,
    );
    const sourcePort = Number(cluster.slots[slot]?.[0]?.split(":")[1]);
    const targetPort = servers.masters.map((node) => node.port).find((port) => port !== sourcePort) as number;
    const source = admin.get(sourcePort) as Redis;
    const target = admin.get(targetPort) as Redis;
    await target.cluster("SETSLOT", slot, "IMPORTING", await nodeId(sourcePort));
    await source.cluster("SETSLOT", slot, "MIGRATING", await nodeId(targetPort));
    // Half the slot's keys are on the target, half still on the source.
    await source.migrate("127.0.0.1", targetPort, "", 0, 5000, "KEYS", ...moving.slice(0, 5));
    expect(await target.dbsize()).toBeGreaterThanOrEqual(5);

    const all = [...moving, ...staying];
    expect(await readKeys<string>(cluster, "multiGet", all, {}, false, path)).toEqual(all.map((key) => `old-${key}`));
    await writeKeys(
      cluster,
      all.map((key) => [key, `mid-${key}`] as const),
      {},
      path,
    );
    expect(await readKeys<string>(cluster, "multiGet", all, {}, false, path)).toEqual(all.map((key) => `mid-${key}`));

    // Finish the move on every master; the client's map still says the source.
    await source.migrate("127.0.0.1", targetPort, "", 0, 5000, "KEYS", ...moving.slice(5).filter(Boolean));
    const targetId = await nodeId(targetPort);
    for (const client of admin.values()) await client.cluster("SETSLOT", slot, "NODE", targetId);
    expect(cluster.slots[slot]?.[0]).toBe(`127.0.0.1:${sourcePort}`);

    await writeKeys(
      cluster,
      all.map((key) => [key, `new-${key}`] as const),
      { ttlMs: 60_000 },
      path,
    );
    expect(await readKeys<string>(cluster, "multiGet", all, {}, false, path)).toEqual(all.map((key) => `new-${key}`));
    expect(await multiExists(cluster, all)).toBe(all.length);
    // The moved keys live on the target only, and the client learnt the new owner.
    expect(await target.get(moving[0] as string)).toBe(`new-${moving[0]}`);
    expect(await source.dbsize()).toBeGreaterThan(0);
    expect(cluster.slots[slot]?.[0]).toBe(`127.0.0.1:${targetPort}`);
  });
});
