import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { TIER_DESCRIPTIONS } from "./guard/tier.js";
import { registerDiagnosticPrompts } from "./prompts/diagnostic-prompts.js";
import { registerApplicationResources } from "./resources/application-resources.js";
import { registerKeyResources } from "./resources/key-resources.js";
import { registerKeySubscriptions } from "./resources/key-subscriptions.js";
import { registerServerResources } from "./resources/server-resources.js";
import type { AnyToolDefinition } from "./tools/define-tool.js";
import type { McpSessionContext } from "./tools/mcp-session-context.js";
import { registerTools } from "./tools/register-tools.js";
import { OPT_IN_TOOLSETS, TOOLSET_DESCRIPTIONS, TOOLSET_PRESETS, TOOLSETS, type Toolset } from "./toolsets/toolset-catalog.js";
import { VERSION } from "./version.js";

/** The server instructions: toolsets, the active tier and the key scope, so the agent knows its limits. */
export function instructionsFor(session: McpSessionContext): string {
  const atStart: readonly Toolset[] = session.dynamicToolsets ? ["keys"] : session.toolsets;
  const more = TOOLSETS.filter((toolset) => !atStart.includes(toolset) && (session.toolsets.includes(toolset) || !OPT_IN_TOOLSETS.includes(toolset)));
  const lines = [
    "Redis for agents. Explore with scan_keys, inspect_key and read_key before changing data; results are windowed: follow nextCursor instead of asking for everything.",
    `Safety tier: ${session.tier} (${TIER_DESCRIPTIONS[session.tier]}).`,
    session.scope
      ? `Key scope: only keys under "${session.scope}" exist for you; write keys without that prefix. Diagnostics show only what is inside the scope.`
      : "Key scope: the whole database.",
    `Output budget: ${session.budgetBytes} bytes per result. Values come back as {encoding, value}: "utf8" text, "base64" bytes (binary data) or "json"; writes take encoding "base64" for binary.`,
    "Resources: redis://key/{key} (any key, as read_key) and redis://key/{key}/field/{field} (a hash field), with completion of key and field names; resources/subscribe on them announces changes (needs keyspace notifications); redis://info and redis://keyspace (sampled namespaces); redis://channel/{channel} and redis://metric/{name} complete channel and metric names.",
    "Prompts: diagnose_performance, find_memory_hogs, design_cache_strategy, explain_keyspace (each lists the tools to call).",
    `Toolsets listed: ${atStart.map((toolset) => `${toolset} (${TOOLSET_DESCRIPTIONS[toolset]})`).join("; ")}.`,
    `More toolsets (list_toolsets shows them; enable_toolset adds one to this session): ${more.join(", ") || "none"}. An operator lists them at start with --toolsets <names or preset: ${Object.keys(TOOLSET_PRESETS).join(", ")}>.`,
  ];
  return lines.join("\n");
}

/**
 * Builds one MCP server for one session. Stateless tool handlers, per-session limits: stdio has
 * one session; the HTTP transport builds one per MCP session with the caller's tier and Redis user.
 */
export function createMcpServer(session: McpSessionContext, tools: readonly AnyToolDefinition[]): McpServer {
  const server = new McpServer(
    { name: "redis-mcp", title: "Redis", version: VERSION },
    { capabilities: { logging: {}, tools: { listChanged: true } }, instructions: instructionsFor(session) },
  );
  registerTools(server, tools, session);
  registerKeyResources(server, session);
  registerServerResources(server, session);
  registerKeySubscriptions(server, session);
  registerDiagnosticPrompts(server, session);
  registerApplicationResources(server, session);
  return server;
}
