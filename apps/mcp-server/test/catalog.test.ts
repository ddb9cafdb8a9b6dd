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
    } finally {
      await connection.close();
    }
  });

  it("keeps the default listing at 55 tools of at most 700 bytes each on average", async () => {
    const redis = await useRedis();
    const connection = await connectStdio([], cleanEnvironment({ REDIS_URL: redis.url }));
    try {
      const { tools } = await connection.client.listTools();
      // Every agent reads this list on every session: its size is paid in tokens again and again.
      expect(tools).toHaveLength(55);
      const bytes = Buffer.byteLength(JSON.stringify(tools));
      expect(bytes / tools.length).toBeLessThanOrEqual(700);
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
