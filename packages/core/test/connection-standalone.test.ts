import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";
import { health } from "../src/connection/health.js";
import { adoptRedis } from "../src/connection/ownership.js";
import { resolveClient } from "../src/connection/resolve-client.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";

describe("createRedis on a standalone server", () => {
  let port: number;
  let url: string;
  beforeAll(async () => {
    ({ port, url } = await useRedis());
  });

  it("connects from a URL, is ready, and closes what it created", async () => {
    const redis = await createRedis(url);
    expect(redis.status).toBe("ready");
    await redis.set("k", "v");
    expect(await redis.get("k")).toBe("v");
    expect(await closeRedis(redis)).toBe(true);
    expect(redis.status).toBe("end");
  });

  it("applies db, client name and key prefix", async () => {
    const redis = await createRedis({ port, db: 3, clientName: "billing-worker", keyPrefix: "billing:" });
    const plain = new Redis(port, { db: 3 });
    try {
      await redis.set("invoice:1", "paid");
      expect(await plain.get("billing:invoice:1")).toBe("paid");
      expect(await redis.client("GETNAME")).toBe("billing-worker");
    } finally {
      plain.disconnect();
      await closeRedis(redis);
    }
  });

  it("returns a caller's client as is and never closes it", async () => {
    const mine = new Redis(port);
    try {
      const redis = await createRedis(mine);
      expect(redis).toBe(mine);
      expect(await closeRedis(redis)).toBe(false);
      expect(await mine.ping()).toBe("PONG");
      const resolved = await resolveClient(mine);
      expect(resolved.owned).toBe(false);
      await resolved.release();
      expect(await mine.ping()).toBe("PONG");
    } finally {
      mine.disconnect();
    }
  });

  it("releases what resolveClient created, but not a core client passed on to it", async () => {
    const created = await resolveClient(url);
    expect(created.owned).toBe(true);
    const passedOn = await resolveClient(created.client);
    await passedOn.release();
    expect(await created.client.ping()).toBe("PONG");
    await created.release();
    expect(created.client.status).toBe("end");
  });

  it("reports health: latency, role, version", async () => {
    const redis = await createRedis({ port });
    try {
      const report = await health(redis);
      expect(report).toMatchObject({ ok: true, status: "ready", role: "master", modules: [] });
      expect(report.latencyMs).toBeGreaterThanOrEqual(0);
      expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await closeRedis(redis);
    }
  });

  it("rejects bad settings before connecting, and non-clients", async () => {
    const error = await createRedis({ port: "not-a-port" }).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_CONFIG_INVALID");
    expect(() => adoptRedis({} as never)).toThrow(/Expected an ioredis Redis or Cluster instance/);
  });
});

describe("createRedis over a unix socket", () => {
  let server: StandaloneRedis;
  beforeAll(async () => {
    server = await startRedisServer({ unixSocket: true });
  });
  afterAll(() => server.stop());

  it("connects through unix:// URLs and the path setting", async () => {
    for (const input of [`unix://${server.socketPath}?db=1`, { path: server.socketPath }]) {
      const redis = await createRedis(input);
      expect(await redis.ping()).toBe("PONG");
      await closeRedis(redis);
    }
  });
});
