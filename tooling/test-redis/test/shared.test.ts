// Imported by package name, as other packages do: the setup file that flushes between tests
// must see the same module instance.

import { useRedis, useRedisCluster, useTlsRedis } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";

const clients: (Redis | Cluster)[] = [];
afterAll(() => {
  for (const client of clients) client.disconnect();
});
function track<T extends Redis | Cluster>(client: T): T {
  clients.push(client);
  return client;
}

describe("useRedis", () => {
  it("hands the same server to every caller in this worker", async () => {
    const first = await useRedis();
    const second = await useRedis();
    expect(second.port).toBe(first.port);
    expect(first.port).not.toBe(6379);
    await track(new Redis(first.port)).set("left-by-previous-test", "1");
  });

  it("flushes the shared server before each test", async () => {
    const redis = await useRedis();
    expect(await track(new Redis(redis.port)).get("left-by-previous-test")).toBeNull();
  });

  it("gives a different server for different options", async () => {
    const plain = await useRedis();
    const protectedServer = await useRedis({ password: "pw" });
    expect(protectedServer.port).not.toBe(plain.port);
    await expect(track(new Redis({ port: protectedServer.port, lazyConnect: true, maxRetriesPerRequest: 0 })).ping()).rejects.toThrow(/NOAUTH/);
  });
});

describe("useRedis with flush: file", () => {
  it("writes data", async () => {
    const redis = await useRedis({ args: ["--maxmemory-policy", "noeviction"] }, { flush: "file" });
    await track(new Redis(redis.port)).set("kept", "yes");
  });

  it("keeps it for the next test in the file", async () => {
    const redis = await useRedis({ args: ["--maxmemory-policy", "noeviction"] }, { flush: "file" });
    expect(await track(new Redis(redis.port)).get("kept")).toBe("yes");
  });
});

describe("useRedisCluster", () => {
  it("shares a 3-master cluster and flushes every master", async () => {
    const cluster = await useRedisCluster();
    expect(cluster.startupNodes).toHaveLength(3);
    const client = track(new Cluster(cluster.startupNodes));
    for (let index = 0; index < 30; index++) await client.set(`k${index}`, "v");
    await cluster.flush();
    const sizes = await Promise.all(cluster.startupNodes.map((node) => track(new Redis(node.port)).dbsize()));
    expect(sizes).toEqual([0, 0, 0]);
  });
});

describe("useTlsRedis", () => {
  it("shares a TLS server with its client material", async () => {
    const redis = await useTlsRedis({ mutual: true });
    const client = track(
      new Redis({ port: redis.port, tls: { ca: redis.tls.ca, cert: redis.tls.clientCert, key: redis.tls.clientKey, servername: "localhost" } }),
    );
    expect(await client.ping()).toBe("PONG");
  });
});
