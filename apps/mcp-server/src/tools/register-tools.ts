import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { tierAllows } from "../guard/tier.js";
import { OPT_IN_TOOLSETS, TOOLSET_DESCRIPTIONS, TOOLSETS, type Toolset } from "../toolsets/toolset-catalog.js";
import type { AnyToolDefinition } from "./define-tool.js";
import type { McpSessionContext } from "./mcp-session-context.js";
import { runTool } from "./run-tool.js";
import { answerToolCalls, type CallableTool, type CallExtra } from "./tool-calls.js";
import { type ToolListingSource, toolListing } from "./tool-listing.js";

const compiled = new WeakMap<AnyToolDefinition, { input: z.ZodObject; output: z.ZodObject }>();
const listings = new WeakMap<AnyToolDefinition, Tool>();

/** A tool's tools/list entry, computed once per definition (JSON Schema generation is not cheap). */
function listingOf(tool: AnyToolDefinition): Tool {
  let listing = listings.get(tool);
  if (!listing) {
    const { input, output } = schemasOf(tool);
    listing = toolListing({ name: tool.name, title: tool.title, description: tool.description, input, output, annotations: annotationsFor(tool) });
    listings.set(tool, listing);
  }
  return listing;
}

/**
 * The tool's schemas as zod objects, built once per definition. Given a raw shape, the SDK builds
 * a new z.object on every call (input and output validation), which throws away zod's compiled
 * parser each time; a prebuilt object is reused by every call and every HTTP session.
 */
export function schemasOf(tool: AnyToolDefinition): { input: z.ZodObject; output: z.ZodObject } {
  let schemas = compiled.get(tool);
  if (!schemas) {
    // Strict input: an argument the tool does not have (a typo such as `ttl` for `ttlMs`) is an
    // error, not silently dropped, so an agent never believes it set something it did not.
    schemas = { input: z.strictObject(tool.input), output: z.object(tool.output) };
    compiled.set(tool, schemas);
  }
  return schemas;
}

function annotationsFor(tool: AnyToolDefinition) {
  return {
    // redis_command is listed at the read tier but may write (it raises its tier per command).
    readOnlyHint: tool.tier === "read" && tool.destructive !== true,
    destructiveHint: tool.tier === "destructive" || tool.tier === "admin" || tool.destructive === true,
    idempotentHint: tool.idempotent,
    openWorldHint: false,
  };
}

/**
 * Registers the tools this session may use: those at or below its tier, of every toolset except
 * opt-in ones it was not given. Tools above the tier are not registered at all, so they are
 * neither listed nor callable. The session's toolsets (only `keys` with dynamic toolsets) are
 * enabled at start; `list_toolsets`/`enable_toolset` add the others (the SDK announces each
 * change with notifications/tools/list_changed), so a small default listing costs no reach.
 */
export function registerTools(server: McpServer, tools: readonly AnyToolDefinition[], session: McpSessionContext): void {
  const byToolset = new Map<Toolset, RegisteredTool[]>();
  // Listings are made on the first tools/list, not at start-up: JSON Schema generation for every
  // tool was a tenth of the time to \`initialized\`.
  const listed: { registered: RegisteredTool; listing: () => Tool }[] = [];
  const callable = new Map<string, CallableTool>();
  const offered = (toolset: Toolset) => session.toolsets.includes(toolset) || !OPT_IN_TOOLSETS.includes(toolset);
  for (const tool of tools) {
    if (!offered(tool.toolset) || !tierAllows(session.tier, tool.tier)) continue;
    const { input, output } = schemasOf(tool);
    const call = (input: Record<string, unknown>, extra: CallExtra) => runTool(tool, input, session, server, extra);
    const registered = server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: input, outputSchema: output, annotations: annotationsFor(tool) },
      call,
    );
    byToolset.set(tool.toolset, [...(byToolset.get(tool.toolset) ?? []), registered]);
    listed.push({ registered, listing: () => listingOf(tool) });
    callable.set(tool.name, { registered, input, call });
  }
  // Our own tools/list: the SDK's repeats the title and schema URIs in every entry (see tool-listing.ts).
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: listed.filter((entry) => entry.registered.enabled).map((entry) => entry.listing()),
  }));
  answerToolCalls(server, callable);
  // list_toolsets and enable_toolset: listed and called like the others, but not Redis tools (no runTool).
  const addSessionTool = (source: ToolListingSource, call: CallableTool["call"]) => {
    const registered = server.registerTool(
      source.name,
      { title: source.title, description: source.description, inputSchema: source.input, outputSchema: source.output, annotations: source.annotations },
      call,
    );
    let listing: Tool | undefined;
    listed.push({ registered, listing: () => (listing ??= toolListing(source)) });
    callable.set(source.name, { registered, input: source.input, call });
  };
  const enabled = new Set<Toolset>(session.dynamicToolsets ? ["keys"] : session.toolsets);
  for (const [toolset, registered] of byToolset) if (!enabled.has(toolset)) for (const tool of registered) tool.disable();
  const available = () => TOOLSETS.filter((toolset) => byToolset.has(toolset));
  const listToolsets = {
    name: "list_toolsets",
    title: "List toolsets",
    description: "Toolsets this server offers and whether each is enabled.",
    input: z.strictObject({}),
    output: z.object({ toolsets: z.array(z.object({ name: z.string(), description: z.string(), enabled: z.boolean(), tools: z.number() })) }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
  addSessionTool(listToolsets, async () => {
    const toolsets = available().map((name) => ({
      name,
      description: TOOLSET_DESCRIPTIONS[name],
      enabled: enabled.has(name),
      tools: byToolset.get(name)?.length ?? 0,
    }));
    return { content: [{ type: "text", text: JSON.stringify({ toolsets }) }], structuredContent: { toolsets } };
  });
  const enableToolset = {
    name: "enable_toolset",
    title: "Enable a toolset",
    description: "Add a toolset's tools to this session (see list_toolsets).",
    input: z.strictObject({ name: z.enum(TOOLSETS) }),
    output: z.object({ enabled: z.string(), tools: z.array(z.string()) }),
    // It changes only what this session lists, never Redis: a read-only server offers it too.
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
  addSessionTool(enableToolset, async (input) => {
    const name = input.name as Toolset;
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
  });
}
