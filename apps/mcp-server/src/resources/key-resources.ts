import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { type Completion, completeHashFields, completeKeyNames } from "@redis-mcp/core";
import type { AnyToolDefinition } from "../tools/define-tool.js";
import type { McpSessionContext } from "../tools/mcp-session-context.js";
import { schemasOf } from "../tools/register-tools.js";
import { runTool } from "../tools/run-tool.js";
import type { CallExtra } from "../tools/tool-calls.js";
import { hashGet } from "../toolsets/hashes.js";
import { readKeyTool } from "../toolsets/keys.js";
import { COMPLETION_LIMIT, RESOURCE_NOT_FOUND, templateVariable } from "./resource-template-values.js";

/**
 * Reads through the tool that does the same job, so a resource gets the tool's timeout, budget,
 * key scope, error hints and metrics; a failure becomes a JSON-RPC error, as resources/read has
 * no isError result.
 */
export async function readThrough(
  tool: AnyToolDefinition,
  input: Record<string, unknown>,
  uri: URL,
  session: McpSessionContext,
  server: McpServer,
  extra: CallExtra,
): Promise<ReadResourceResult> {
  const result = await runTool(tool, schemasOf(tool).input.parse(input), session, server, extra);
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
  if (result.isError) throw new McpError(ErrorCode.InternalError, text);
  if ((result.structuredContent as { exists?: unknown }).exists === false) {
    throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: key ${JSON.stringify(input.key)} does not exist.`);
  }
  return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(result.structuredContent) }] };
}

/** Completions are a convenience: a Redis failure gives no suggestions rather than an error while the user types. */
async function suggestions(find: () => Promise<Completion>): Promise<string[]> {
  try {
    return (await find()).values;
  } catch {
    return [];
  }
}

/**
 * Redis keys as MCP resources, with completion (`completion/complete`) of key names and hash
 * fields from bounded SCAN/HSCAN by prefix:
 * - `redis://key/{key}`: any key, read type-aware within the budget (what read_key returns);
 * - `redis://key/{key}/field/{field}`: one hash field (what hash_get returns for it).
 * Key names are percent-encoded in URIs; completions suggest them as plain names. Both are reads,
 * so every tier has them, inside the session's key scope.
 */
export function registerKeyResources(server: McpServer, session: McpSessionContext): void {
  const keyNames = (value: string, type?: string) =>
    suggestions(() => completeKeyNames(session.redis, value, { limit: COMPLETION_LIMIT, ...(type ? { type } : {}) }));

  server.registerResource(
    "key",
    new ResourceTemplate("redis://key/{key}", { list: undefined, complete: { key: (value) => keyNames(value) } }),
    {
      title: "Redis key",
      description: "Any key, read type-aware in one window within the output budget (as read_key).",
      mimeType: "application/json",
    },
    (uri, variables, extra) => readThrough(readKeyTool, { key: templateVariable(variables.key) }, uri, session, server, extra),
  );

  server.registerResource(
    "hash-field",
    new ResourceTemplate("redis://key/{key}/field/{field}", {
      list: undefined,
      complete: {
        key: (value) => keyNames(value, "hash"),
        field: (value, context) => {
          const key = context?.arguments?.key;
          if (!key) return [];
          return suggestions(() => completeHashFields(session.redis, key, value, { limit: COMPLETION_LIMIT }));
        },
      },
    }),
    { title: "Hash field", description: "One field of a hash (as hash_get).", mimeType: "application/json" },
    (uri, variables, extra) =>
      readThrough(hashGet, { key: templateVariable(variables.key), fields: [templateVariable(variables.field)] }, uri, session, server, extra),
  );
}
