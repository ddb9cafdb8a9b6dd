import { Redis, type RedisOptions } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { type StandaloneRedis, startRedisServer } from "../src/index.js";
import { exists, isAlive } from "./process-helpers.js";

const servers: StandaloneRedis[] = [];
const clients: Redis[] = [];

async function start(options: Parameters<typeof startRedisServer>[0] = {}) {
  const server = await startRedisServer(options);
  servers.push(server);
  return server;
}

function connect(options: RedisOptions) {
  const client = new Redis({ maxRetriesPerRequest: 1, ...options });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe("startRedisServer", () => {
  it("serves on an OS-assigned port and leaves no process or files after stop", async () => {
    const server = await startRedisServer();
    const pid = server.node.pid;
    expect(pid).toBeGreaterThan(0);
    expect(server.port).not.toBe(6379);
    const client = new Redis(server.port);
    await client.set("greeting", "hello");
    expect(await client.get("greeting")).toBe("hello");
    client.disconnect();
    await server.stop();
    expect(isAlive(pid ?? 0)).toBe(false);
    expect(await exists(server.node.dir)).toBe(false);
  });

  it("requires the password when one is set", async () => {
    const server = await start({ password: "s3cret" });
    await expect(connect({ port: server.port, lazyConnect: true }).ping()).rejects.toThrow(/NOAUTH/);
    expect(await connect({ port: server.port, password: "s3cret" }).ping()).toBe("PONG");
  });

  it("creates ACL users with their rules", async () => {
    const server = await start({
      users: [
        { name: "reader", password: "r-pass", rules: "~* +@read +ping" },
        { name: "app", password: "a-pass", rules: "~app:* +@all" },
      ],
    });
    const reader = connect({ port: server.port, username: "reader", password: "r-pass" });
    const app = connect({ port: server.port, username: "app", password: "a-pass" });
    await app.set("app:counter", "1");
    expect(await reader.get("app:counter")).toBe("1");
    await expect(reader.set("app:counter", "2")).rejects.toThrow(/NOPERM/);
    await expect(app.set("other:key", "x")).rejects.toThrow(/NOPERM/);
  });

  it("listens on a unix socket when asked", async () => {
    const server = await start({ unixSocket: true });
    expect(server.socketPath).toMatch(/redis\.sock$/);
    expect(await connect({ path: server.socketPath }).ping()).toBe("PONG");
  });

  it("keeps data across a crash with AOF persistence, and loses it without", async () => {
    const durable = await start({ persistence: "aof" });
    const volatile = await start();
    for (const server of [durable, volatile]) {
      const client = new Redis(server.port);
      await client.set("survives", "yes");
      client.disconnect();
      await server.node.kill();
      expect(server.node.running).toBe(false);
      await server.node.start();
    }
    expect(await connect({ port: durable.port }).get("survives")).toBe("yes");
    expect(await connect({ port: volatile.port }).get("survives")).toBeNull();
  });

  it("passes extra arguments to redis-server", async () => {
    const server = await start({ args: ["--maxmemory", "10mb", "--maxmemory-policy", "allkeys-lru"] });
    const client = connect({ port: server.port });
    expect(await client.config("GET", "maxmemory")).toEqual(["maxmemory", "10485760"]);
    expect(await client.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "allkeys-lru"]);
  });

  it("restarts on the same port so a reconnecting client recovers", async () => {
    const server = await start();
    const client = connect({ port: server.port, maxRetriesPerRequest: null, retryStrategy: () => 20 });
    await client.set("before", "1");
    const port = server.port;
    await server.node.restart();
    expect(server.node.port).toBe(port);
    await client.set("after", "2");
    expect(await client.get("after")).toBe("2");
  });
});
