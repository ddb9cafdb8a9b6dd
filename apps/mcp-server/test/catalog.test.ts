import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { useRedis } from "@redis-mcp/test-redis/vitest";
import { describe, expect, it } from "vitest";
import { cleanEnvironment, connectStdio } from "./support/server-process.js";

describe("the tool catalog", () => {
  it("is pinned: names, titles, descriptions, annotations and schemas", async () => {
    const redis = await useRedis();
    // Every tool: the admin tier, every preset's toolsets and raw (which no preset enables).
    const connection = await connectStdio(["--tier", "admin", "--toolsets", "all,raw"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const { tools } = await connection.client.listTools();
      // A change to the catalog is a change for every agent: review the snapshot diff, then update it with `vitest -u`.
      await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot("./__snapshots__/tool-catalog.json");
      for (const tool of tools) {
        expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
        expect(tool.title, tool.name).toBeTruthy();
        expect(tool.description?.length, tool.name).toBeLessThanOrEqual(160);
        expect(tool.outputSchema, tool.name).toBeDefined();
        expect(tool.annotations, tool.name).toMatchObject({ openWorldHint: false });
        // Hints that default to true are always written; those that default to false only when true.
        expect(typeof tool.annotations?.destructiveHint, tool.name).toBe("boolean");
        expect([true, undefined], tool.name).toContain(tool.annotations?.readOnlyHint);
        expect([true, undefined], tool.name).toContain(tool.annotations?.idempotentHint);
        if (tool.annotations?.readOnlyHint) expect(tool.annotations.destructiveHint, tool.name).toBe(false);
      }
      // Lean listings, tool by tool: at most 700 bytes each on average over the whole catalog.
      expect(Buffer.byteLength(JSON.stringify(tools)) / tools.length).toBeLessThanOrEqual(700);
    } finally {
      await connection.close();
    }
  });

  it("keeps the default listing within 32 KiB at the admin tier, with every other toolset one enable_toolset away", async () => {
    const redis = await useRedis();
    // The real default: no --toolsets and no REDIS_MCP_TOOLSETS.
    const environment = cleanEnvironment({ REDIS_URL: redis.url });
    delete environment.REDIS_MCP_TOOLSETS;
    const connection = await connectStdio(["--tier", "admin"], environment);
    try {
      const { tools } = await connection.client.listTools();
      // Every agent reads this list on every session: its size is paid in tokens again and again.
      expect(Buffer.byteLength(JSON.stringify(tools))).toBeLessThanOrEqual(32 * 1024);
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(["scan_keys", "read_key", "string_set", "hash_get", "zset_range", "health_check", "enable_toolset"]));
      expect(names).not.toContain("cache_get");
      const listed = (await connection.client.callTool({ name: "list_toolsets", arguments: {} })).structuredContent as {
        toolsets: { name: string; enabled: boolean }[];
      };
      const enabled = listed.toolsets.filter((toolset) => toolset.enabled).map((toolset) => toolset.name);
      expect(enabled).toEqual(["keys", "strings", "hashes", "lists", "sets", "sorted_sets", "diagnostics"]);
      expect(listed.toolsets.map((toolset) => toolset.name)).toEqual(expect.arrayContaining(["streams", "cache", "session", "metrics", "pubsub", "queue"]));
      // The instructions say how to get the rest.
      const instructions = connection.client.getInstructions() ?? "";
      expect(instructions).toMatch(/enable_toolset/);
      expect(instructions).toMatch(/streams, geo, probabilistic, pubsub, cache, session, metrics, queue/);
      expect(instructions).toMatch(/--toolsets/);
      await connection.client.callTool({ name: "enable_toolset", arguments: { name: "cache" } });
      expect((await connection.client.listTools()).tools.map((tool) => tool.name)).toContain("cache_get");
    } finally {
      await connection.close();
    }
  });

  it("lists a preset or named toolsets with --toolsets", async () => {
    const redis = await useRedis();
    const connection = await connectStdio(["--toolsets", "app,strings"], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const names = (await connection.client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(["scan_keys", "string_get", "cache_get", "session_get", "metric_get", "pubsub_collect", "queue_stats"]));
      expect(names).not.toContain("hash_get");
    } finally {
      await connection.close();
    }
  });

  it("starts small with --dynamic-toolsets and grows on enable_toolset, announcing the change", async () => {
    const redis = await useRedis();
    const connection = await connectStdio(["--dynamic-toolsets"], cleanEnvironment({ REDIS_URL: redis.url }));
    let changes = 0;
    connection.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changes += 1;
    });
    try {
      const before = (await connection.client.listTools()).tools.map((tool) => tool.name);
      expect(before).toContain("scan_keys");
      expect(before).toContain("enable_toolset");
      expect(before).not.toContain("string_get");
      const listed = (await connection.client.callTool({ name: "list_toolsets", arguments: {} })).structuredContent as {
        toolsets: { name: string; enabled: boolean }[];
      };
      expect(listed.toolsets.find((toolset) => toolset.name === "strings")).toMatchObject({ enabled: false });
      const enabled = await connection.client.callTool({ name: "enable_toolset", arguments: { name: "strings" } });
      expect((enabled.structuredContent as { tools: string[] }).tools).toContain("string_get");
      const after = (await connection.client.listTools()).tools.map((tool) => tool.name);
      expect(after).toContain("string_get");
      expect(changes).toBeGreaterThan(0);
      expect((await connection.client.callTool({ name: "enable_toolset", arguments: { name: "nope" } })).isError).toBe(true);
    } finally {
      await connection.close();
    }
  });
});
