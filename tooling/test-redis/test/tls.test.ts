import { Redis, type RedisOptions } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTlsRedisServer, type TlsRedis } from "../src/index.js";
import { isAlive } from "./process-helpers.js";

function connect(options: RedisOptions): Redis {
  return new Redis({ lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000, ...options });
}

async function pingWith(options: RedisOptions): Promise<string> {
  const client = connect(options);
  // ioredis reports the TLS failure on its error event and rejects with "Connection is closed".
  let cause: Error | undefined;
  client.on("error", (error: Error) => {
    cause = error;
  });
  try {
    await client.connect();
    return await client.ping();
  } catch (error) {
    throw cause ?? error;
  } finally {
    client.disconnect();
  }
}

describe("startTlsRedisServer", () => {
  let server: TlsRedis;
  let mutual: TlsRedis;

  beforeAll(async () => {
    [server, mutual] = await Promise.all([startTlsRedisServer(), startTlsRedisServer({ mutual: true })]);
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), mutual?.stop()]);
  });

  it("speaks TLS only, verified against its CA", async () => {
    expect(await pingWith({ port: server.port, tls: { ca: server.tls.ca, servername: "localhost" } })).toBe("PONG");
    await expect(pingWith({ port: server.port })).rejects.toThrow();
    // Another run's CA must not be trusted.
    await expect(pingWith({ port: server.port, tls: { ca: mutual.tls.ca, servername: "localhost" } })).rejects.toThrow(/certificate/i);
  });

  it("leaves no process behind when stopped", async () => {
    const extra = await startTlsRedisServer();
    const pid = extra.node.pid ?? 0;
    expect(isAlive(pid)).toBe(true);
    await extra.stop();
    expect(isAlive(pid)).toBe(false);
  });

  it("requires a client certificate in mutual mode", async () => {
    const { ca, clientCert, clientKey } = mutual.tls;
    await expect(pingWith({ port: mutual.port, tls: { ca, servername: "localhost" } })).rejects.toThrow();
    expect(await pingWith({ port: mutual.port, tls: { ca, cert: clientCert, key: clientKey, servername: "localhost" } })).toBe("PONG");
  });
});
