import { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisCluster, startRedisCluster } from "../src/index.js";
import { exists, isAlive } from "./process-helpers.js";

async function onNode<T>(port: number, command: (admin: Redis) => Promise<T>): Promise<T> {
  const admin = new Redis(port);
  try {
    return await command(admin);
  } finally {
    admin.disconnect();
  }
}

describe("startRedisCluster (3 masters)", () => {
  let cluster: RedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster(cluster.startupNodes);
  });

  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it("spreads keys over every master", async () => {
    await Promise.all(Array.from({ length: 60 }, (_, index) => client.set(`key:${index}`, String(index))));
    const sizes = await Promise.all(cluster.masters.map((node) => onNode(node.port, (admin) => admin.dbsize())));
    expect(sizes).toHaveLength(3);
    expect(sizes.every((size) => size > 0)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(60);
  });

  it("rejects multi-key commands across slots and accepts them with a hash tag", async () => {
    await expect(client.mset("a", "1", "b", "2")).rejects.toThrow(/CROSSSLOT/);
    await client.mset("{user:1}:name", "ada", "{user:1}:role", "admin");
    expect(await client.mget("{user:1}:name", "{user:1}:role")).toEqual(["ada", "admin"]);
  });

  it("uses explicit bus ports so high ephemeral ports work", async () => {
    const [, busPort] = (await onNode(cluster.masters[0]?.port ?? 0, (admin) => admin.config("GET", "cluster-port"))) as [string, string];
    expect(Number(busPort)).toBeGreaterThan(0);
  });
});

describe("startRedisCluster (with replicas)", () => {
  it("attaches one replica per master and stops every node", async () => {
    const cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    const pids = cluster.nodes.map((node) => node.pid ?? 0);
    try {
      expect(cluster.nodes).toHaveLength(6);
      const roles = await Promise.all(cluster.replicas.map(async (node) => ((await onNode(node.port, (admin) => admin.call("ROLE"))) as unknown[])[0]));
      expect(roles).toEqual(["slave", "slave", "slave"]);
      const client = new Cluster(cluster.startupNodes);
      const slots = (await client.cluster("SLOTS")) as unknown[][];
      client.disconnect();
      expect(slots.map((range) => range.length - 3)).toEqual([1, 1, 1]);
    } finally {
      await cluster.stop();
    }
    expect(pids.filter(isAlive)).toEqual([]);
    expect(await Promise.all(cluster.nodes.map((node) => exists(node.dir)))).toEqual([false, false, false, false, false, false]);
  });
});
