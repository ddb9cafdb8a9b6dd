import { useRedis } from "@redis-mcp/test-redis/vitest";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, connectHttp, connectStdio, startHttpServer } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

const PROMPTS = ["design_cache_strategy", "diagnose_performance", "explain_keyspace", "find_memory_hogs"];

/** The text of a prompt's messages. */
function textOfPrompt(result: { messages: { content: { type: string; text?: string } }[] }): string {
  return result.messages.map((entry) => entry.content.text ?? "").join("\n");
}

describe.each(TARGETS)("prompts on $name", ({ target }) => {
  const server = serveTarget(target);
  const client = () => server.connection.client;

  it("lists the four diagnostics prompts with descriptions and arguments", async () => {
    const { prompts } = await client().listPrompts();
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual(PROMPTS);
    for (const prompt of prompts) expect(prompt.description, prompt.name).toBeTruthy();
    expect(prompts.find((prompt) => prompt.name === "explain_keyspace")?.arguments?.map((argument) => argument.name)).toEqual(["pattern"]);
  });

  it("grounds each prompt in the diagnostics tools, with the arguments in the text", async () => {
    const performance = textOfPrompt(
      await client().getPrompt({ name: "diagnose_performance", arguments: { symptom: "GET latency spikes", namespace: "user:{id}" } }),
    );
    expect(performance).toContain("GET latency spikes");
    expect(performance).toContain("user:{id}");
    for (const tool of ["health_check", "slowlog_get", "server_info", "keyspace_summary", "memory_usage"]) expect(performance).toContain(tool);
    const memory = textOfPrompt(await client().getPrompt({ name: "find_memory_hogs", arguments: { samples: "500" } }));
    expect(memory).toContain("keyspace_summary with samples 500");
    const cache = textOfPrompt(await client().getPrompt({ name: "design_cache_strategy", arguments: {} }));
    // This session runs at the write tier: the admin-only tool is named with what it needs.
    expect(cache).toMatch(/config_get \(needs the admin tier/);
    const keyspace = textOfPrompt(await client().getPrompt({ name: "explain_keyspace", arguments: { pattern: "order:*" } }));
    expect(keyspace).toContain("scan_keys with pattern order:*");
  });

  it("rejects unknown prompts and invalid arguments", async () => {
    await expect(client().getPrompt({ name: "no_such_prompt", arguments: {} })).rejects.toThrow(/not found/i);
    await expect(client().getPrompt({ name: "find_memory_hogs", arguments: { samples: "lots" } })).rejects.toThrow(/samples|Invalid/i);
    await expect(client().getPrompt({ name: "explain_keyspace", arguments: { pattern: "x".repeat(500) } })).rejects.toThrow();
  });

  it("completes namespaces and key globs from a keyspace sample", async () => {
    for (let index = 0; index < 30; index++) await server.raw.set(`user:${index}:profile`, "x");
    for (let index = 0; index < 20; index++) await server.raw.hset(`order:${index}`, "total", "1");
    const complete = async (name: string, argument: string, value: string) =>
      (await client().complete({ ref: { type: "ref/prompt", name }, argument: { name: argument, value } })).completion.values;
    expect(await complete("explain_keyspace", "pattern", "user")).toEqual(["user:*:profile"]);
    expect((await complete("explain_keyspace", "pattern", "")).sort()).toEqual(["order:*", "user:*:profile"]);
    expect(await complete("diagnose_performance", "namespace", "ord")).toEqual(["order:{id}"]);
    expect(await complete("find_memory_hogs", "namespace", "nothing")).toEqual([]);
  });
});

describe("prompts under a key scope and over HTTP", () => {
  it("suggests only namespaces inside the scope and says what the scope hides", async () => {
    const redis = await useRedis();
    const raw = new Redis(redis.port);
    for (let index = 0; index < 20; index++) await raw.set(`app:cart:${index}`, "x");
    for (let index = 0; index < 20; index++) await raw.set(`secret:token:${index}`, "x");
    const scoped = await connectStdio(["--key-prefix", "app:", "--tier", "admin", "--toolsets", "all"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const values = (await scoped.client.complete({ ref: { type: "ref/prompt", name: "explain_keyspace" }, argument: { name: "pattern", value: "" } }))
        .completion.values;
      expect(values).toEqual(["cart:*"]);
      const text = textOfPrompt(await scoped.client.getPrompt({ name: "diagnose_performance", arguments: {} }));
      expect(text).toContain('key scope "app:"');
      expect(text).not.toContain("commandstats");
      // At the admin tier with the admin toolset, config_get is named plainly.
      expect(textOfPrompt(await scoped.client.getPrompt({ name: "design_cache_strategy", arguments: {} }))).toMatch(/config_get with pattern/);
    } finally {
      raw.disconnect();
      await scoped.close();
    }
  });

  it("lists and gets prompts over Streamable HTTP", async () => {
    const redis = await useRedis();
    const http = await startHttpServer([], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const client = await connectHttp(http.url);
      expect((await client.listPrompts()).prompts).toHaveLength(4);
      expect(textOfPrompt(await client.getPrompt({ name: "find_memory_hogs", arguments: {} }))).toContain("keyspace_summary");
      await client.close();
    } finally {
      await http.stop();
    }
  });
});
