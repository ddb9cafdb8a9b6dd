import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { tierAllows } from "../guard/tier.js";
import type { AnyToolDefinition } from "./define-tool.js";
import { runTool } from "./run-tool.js";
import type { SessionContext } from "./session.js";
import { TOOLSET_DESCRIPTIONS, TOOLSETS, type Toolset } from "./toolsets.js";

function annotationsFor(tool: AnyToolDefinition) {
  return {
    title: tool.title,
    readOnlyHint: tool.tier === "read",
    destructiveHint: tool.tier === "destructive" || tool.tier === "admin" || tool.destructive === true,
    idempotentHint: tool.idempotent,
    openWorldHint: false,
  };
}

/**
 * Registers the tools this session may use: those of its toolsets at or below its tier. Tools
 * above the tier are not registered at all, so they are neither listed nor callable. With
 * dynamic toolsets, only `keys` starts enabled and `list_toolsets`/`enable_toolset` add the rest
 * (the SDK announces each change with notifications/tools/list_changed).
 */
export function registerTools(server: McpServer, tools: readonly AnyToolDefinition[], session: SessionContext): void {
  const byToolset = new Map<Toolset, RegisteredTool[]>();
  for (const tool of tools) {
    if (!session.toolsets.includes(tool.toolset) || !tierAllows(session.tier, tool.tier)) continue;
    const registered = server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations: annotationsFor(tool) },
      (input: Record<string, unknown>, extra: RequestHandlerExtra<ServerRequest, ServerNotification>) => runTool(tool, input, session, server, extra),
    );
    byToolset.set(tool.toolset, [...(byToolset.get(tool.toolset) ?? []), registered]);
  }
  if (!session.dynamicToolsets) return;
  const enabled = new Set<Toolset>(["keys"]);
  for (const [toolset, registered] of byToolset) if (!enabled.has(toolset)) for (const tool of registered) tool.disable();
  const available = () => session.toolsets.filter((toolset) => byToolset.has(toolset));
  server.registerTool(
    "list_toolsets",
    {
      title: "List toolsets",
      description: "Toolsets this server offers and whether each is enabled.",
      inputSchema: {},
      outputSchema: { toolsets: z.array(z.object({ name: z.string(), description: z.string(), enabled: z.boolean(), tools: z.number() })) },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      const toolsets = available().map((name) => ({
        name,
        description: TOOLSET_DESCRIPTIONS[name],
        enabled: enabled.has(name),
        tools: byToolset.get(name)?.length ?? 0,
      }));
      return { content: [{ type: "text", text: JSON.stringify({ toolsets }) }], structuredContent: { toolsets } };
    },
  );
  server.registerTool(
    "enable_toolset",
    {
      title: "Enable a toolset",
      description: "Add a toolset's tools to this session (see list_toolsets).",
      inputSchema: { name: z.enum(TOOLSETS) },
      outputSchema: { enabled: z.string(), tools: z.array(z.string()) },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ name }) => {
      const registered = byToolset.get(name);
      if (!registered) {
        return {
          isError: true,
          content: [{ type: "text", text: `E_INVALID_ARGUMENT: toolset "${name}" is not available on this server (${available().join(", ")}).` }],
        };
      }
      enabled.add(name);
      for (const tool of registered) tool.enable();
      const names = tools.filter((tool) => tool.toolset === name && tierAllows(session.tier, tool.tier)).map((tool) => tool.name);
      return { content: [{ type: "text", text: `enabled ${name}: ${names.join(", ")}` }], structuredContent: { enabled: name, tools: names } };
    },
  );
}
