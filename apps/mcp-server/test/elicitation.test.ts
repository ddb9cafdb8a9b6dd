import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, SERVER_BIN, textOf } from "./support/server-process.js";

async function clientThatAnswers(url: string, answer: "accept" | "decline", prompts: string[], tier = "destructive"): Promise<Client> {
  const client = new Client({ name: "elicitation-test", version: "0.0.0" }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    prompts.push(request.params.message);
    return answer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" };
  });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [SERVER_BIN, "--tier", tier],
      env: cleanEnvironment({ REDIS_URL: url }),
      stderr: "pipe",
    }),
  );
  return client;
}

describe("confirmation through elicitation", () => {
  it("asks the user before a pattern delete and proceeds on accept, without a token", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const prompts: string[] = [];
    const client = await clientThatAnswers(redis.url, "accept", prompts);
    try {
      await raw.mset("old:1", "a", "old:2", "b", "keep", "c");
      const result = await client.callTool({ name: "delete_keys", arguments: { pattern: "old:*", dryRun: false } });
      expect(result.structuredContent).toMatchObject({ dryRun: false, deleted: 2 });
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toMatch(/Delete about 2 keys matching "old:\*".*Proceed\?/);
      expect(await raw.exists("keep")).toBe(1);
    } finally {
      raw.disconnect();
      await client.close();
    }
  });

  it("changes nothing when the user declines", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const client = await clientThatAnswers(redis.url, "decline", []);
    try {
      await raw.mset("old:1", "a", "old:2", "b");
      const result = await client.callTool({ name: "delete_keys", arguments: { pattern: "old:*", dryRun: false } });
      expect(textOf(result)).toMatch(/^E_NOT_CONFIRMED: the user did not confirm; nothing was changed/);
      expect(await raw.exists("old:1", "old:2")).toBe(2);
    } finally {
      raw.disconnect();
      await client.close();
    }
  });
});

describe("flush_database confirmation through elicitation", () => {
  it("asks the user with the key count and flushes on accept, without a token", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const prompts: string[] = [];
    const client = await clientThatAnswers(redis.url, "accept", prompts, "admin");
    try {
      await raw.mset("a", "1", "b", "2", "c", "3");
      const result = await client.callTool({ name: "flush_database", arguments: { dryRun: false } });
      expect(result.structuredContent).toMatchObject({ dryRun: false, totalKeys: 3 });
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toMatch(/^Delete all 3 keys of the database on 1 node\(s\) \(FLUSHDB\)\. Proceed\?$/);
      expect(await raw.dbsize()).toBe(0);
    } finally {
      raw.disconnect();
      await client.close();
    }
  });

  it("changes nothing when the user declines", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    const prompts: string[] = [];
    const client = await clientThatAnswers(redis.url, "decline", prompts, "admin");
    try {
      await raw.mset("a", "1", "b", "2");
      const result = await client.callTool({ name: "flush_database", arguments: { dryRun: false } });
      expect(textOf(result)).toMatch(/^E_NOT_CONFIRMED: the user did not confirm; nothing was changed/);
      expect(prompts).toHaveLength(1);
      expect(await raw.dbsize()).toBe(2);
    } finally {
      raw.disconnect();
      await client.close();
    }
  });
});
