import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { useTlsRedis } from "@redis-mcp/test-redis/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRedis } from "../src/connection/close-redis.js";
import { createRedis } from "../src/connection/create-redis.js";
import { withRedisErrors } from "../src/errors/map-redis-error.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";

describe("TLS", () => {
  it("connects with mutual TLS and refuses without the client certificate", async () => {
    const server = await useTlsRedis({ mutual: true });
    const tls = { ca: server.tls.ca, cert: server.tls.clientCert, key: server.tls.clientKey, servername: "localhost" };
    const redis = await createRedis({ port: server.port, tls });
    expect(await redis.ping()).toBe("PONG");
    await closeRedis(redis);

    const error = await createRedis({ port: server.port, tls: { ca: server.tls.ca, servername: "localhost" }, connectTimeoutMs: 1_000 }).catch(
      (caught: unknown) => caught,
    );
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_UNAVAILABLE");
  });

  it("refuses a server whose certificate the CA did not sign", async () => {
    const server = await useTlsRedis();
    const other = await useTlsRedis({ mutual: true });
    const error = await createRedis({ port: server.port, tls: { ca: other.tls.ca, servername: "localhost" }, connectTimeoutMs: 1_000 }).catch(
      (caught: unknown) => caught,
    );
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_REDIS_UNAVAILABLE");
    expect((error as Error).message).toMatch(/certificate/i);
    expect((error as Error).message).toContain("rediss://127.0.0.1");
  });

  it("connects through a rediss:// URL with the CA", async () => {
    const server = await useTlsRedis();
    const redis = await createRedis({ url: `rediss://localhost:${server.port}`, tls: { ca: server.tls.ca } });
    expect(await redis.ping()).toBe("PONG");
    await closeRedis(redis);
  });
});

describe("ACL users", () => {
  let server: StandaloneRedis;
  beforeAll(async () => {
    server = await startRedisServer({
      password: "admin-pass",
      users: [{ name: "reader", password: "reader-pass", rules: "~* +@read +@connection +info +role" }],
    });
  });
  afterAll(() => server.stop());

  it("authenticates as an ACL user, whose writes are refused with E_NO_PERMISSION", async () => {
    const admin = await createRedis({ port: server.port, password: "admin-pass" });
    await admin.set("report", "ready");
    const reader = await createRedis(`redis://reader:reader-pass@127.0.0.1:${server.port}`);
    try {
      expect(await reader.get("report")).toBe("ready");
      const error = await withRedisErrors("SET report", () => reader.set("report", "changed")).catch((caught: unknown) => caught);
      expect(RedisMcpError.isInstance(error) && error.code).toBe("E_NO_PERMISSION");
      expect(await admin.get("report")).toBe("ready");
    } finally {
      await closeRedis(reader);
      await closeRedis(admin);
    }
  });

  it("reports wrong credentials as E_AUTH without echoing the password", async () => {
    const error = await createRedis({ port: server.port, username: "reader", password: "wrong-secret-value" }).catch((caught: unknown) => caught);
    expect(RedisMcpError.isInstance(error) && error.code).toBe("E_AUTH");
    expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain("wrong-secret-value");
  });
});
