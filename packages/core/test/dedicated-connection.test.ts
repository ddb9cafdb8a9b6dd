import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withDedicatedConnection } from "../src/client/dedicated-connection.js";
import { keyPrefixOf, type RedisClient } from "../src/client/redis-client.js";
import { listPop } from "../src/data/lists.js";
import { RedisMcpError } from "../src/errors/redis-mcp-error.js";
import { topologies } from "./topologies.js";

describe.each(topologies)("withDedicatedConnection on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("blocks on its own connection while the shared client keeps answering", async () => {
    const waiting = withDedicatedConnection(redis, (own) => listPop(own, "{jobs}:queue", { waitMs: 2_000 }));
    // The shared client is free: it can even deliver what the dedicated one waits for.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await redis.ping()).toBe("PONG");
    await redis.rpush("{jobs}:queue", "job-1");
    expect(await waiting).toBe("job-1");
  });

  it("keeps the key prefix and closes on abort", async () => {
    const controller = new AbortController();
    let dedicatedClient: RedisClient | undefined;
    const waiting = withDedicatedConnection(
      redis,
      (own) => {
        dedicatedClient = own;
        return listPop(own, "{idle}:queue", { waitMs: 5_000 });
      },
      { signal: controller.signal },
    );
    // The work starts once the dedicated connection is up: wait for it, however busy the machine.
    await vi.waitFor(() => expect(dedicatedClient).toBeDefined(), { timeout: 10_000 });
    expect(keyPrefixOf(dedicatedClient as RedisClient)).toBe(keyPrefixOf(redis));
    controller.abort();
    await expect(waiting).rejects.toThrow();
    expect(dedicatedClient?.status).not.toBe("ready");
    const cancelled = await withDedicatedConnection(redis, async () => 1, { signal: controller.signal }).catch((error: unknown) => error);
    expect(RedisMcpError.isInstance(cancelled) && cancelled.code).toBe("E_CANCELLED");
  });
});
