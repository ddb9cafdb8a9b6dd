import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection, textOf } from "./support/server-process.js";

const KEYS = 100_000;

describe("output budget over a 100,000-key database", () => {
  let raw: Redis;
  let url: string;
  beforeAll(async () => {
    const redis = await useRedis({}, { flush: "file" });
    url = redis.url;
    raw = new Redis(redis.port);
    for (let batch = 0; batch < KEYS / 10_000; batch++) {
      const pipeline = raw.pipeline();
      for (let index = 0; index < 10_000; index++) pipeline.set(`item:${batch}:${index}:${"x".repeat(20)}`, "v");
      await pipeline.exec();
    }
  });
  afterAll(() => raw.disconnect());

  it("pages through every key with cursors, each page within the budget", async () => {
    const connection: StdioConnection = await connectStdio(["--max-result-bytes", "65536"], cleanEnvironment({ REDIS_URL: url }));
    try {
      const seen = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await connection.client.callTool({ name: "scan_keys", arguments: { pattern: "item:*", cursor, limit: 1000 } });
        expect(page.isError).toBeFalsy();
        expect(Buffer.byteLength(JSON.stringify(page.structuredContent))).toBeLessThanOrEqual(65536);
        const content = page.structuredContent as { keys: string[]; nextCursor?: string };
        for (const key of content.keys) seen.add(key);
        cursor = content.nextCursor;
        pages += 1;
      } while (cursor);
      expect(seen.size).toBe(KEYS);
      // Pages stop near the limit (a SCAN reply may overshoot it while Redis rehashes).
      expect(pages).toBeGreaterThanOrEqual(KEYS / 4000);
    } finally {
      await connection.close();
    }
  });

  it("shrinks a page to fit a small budget, and refuses what cannot fit with a clear error", async () => {
    const connection = await connectStdio(["--max-result-bytes", "2048"], cleanEnvironment({ REDIS_URL: url }));
    try {
      const page = await connection.client.callTool({ name: "scan_keys", arguments: { pattern: "item:*", limit: 1000 } });
      expect(page.isError).toBeFalsy();
      const content = page.structuredContent as { keys: string[]; nextCursor?: string };
      expect(Buffer.byteLength(JSON.stringify(content))).toBeLessThanOrEqual(2048);
      expect(content.keys.length).toBeGreaterThan(0);
      expect(content.keys.length).toBeLessThan(1000);
      expect(content.nextCursor).toBeDefined();
      // A whole INFO reply cannot be windowed: the central budget check refuses it.
      const info = await connection.client.callTool({ name: "server_info", arguments: {} });
      expect(info.isError).toBe(true);
      expect(textOf(info)).toMatch(/^E_BUDGET: the result is \d+ bytes, over this server's 2048-byte budget\. Ask for less/);
    } finally {
      await connection.close();
    }
  });
});
