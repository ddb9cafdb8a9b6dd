import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { afterEach, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "test", version: "0.0.0" });
  clients.push(client);
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin], env: { ...env, PATH: process.env.PATH ?? "" }, stderr: "pipe" }));
  return client;
}

describe("redis-mcp-server over stdio", () => {
  it("lists redis_ping with its annotations and answers it from Redis", async () => {
    const redis = await useRedis();
    const client = await connect({ REDIS_URL: redis.url });
    const { tools } = await client.listTools();
    const ping = tools.find((tool) => tool.name === "redis_ping");
    expect(ping?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    const result = await client.callTool({ name: "redis_ping", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ reply: "PONG" });
  });

  it("reports an unreachable Redis as a tool error instead of crashing", async () => {
    const client = await connect({ REDIS_URL: "redis://127.0.0.1:1" });
    const result = await client.callTool({ name: "redis_ping", arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/Redis did not answer/);
    // Still serving afterwards.
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });
});
