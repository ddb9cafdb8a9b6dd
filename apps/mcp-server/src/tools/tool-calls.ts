import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolRequestSchema, type CallToolResult, type ServerNotification, type ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { errorResult, ToolError } from "../guard/error-result.js";

/** The SDK's per-request extras (signal, progress token, notifications). */
export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A tool one session can call: its SDK registration (enabled state, list_changed) and how to run it. */
export interface CallableTool {
  /** From McpServer.registerTool: `enabled` says whether the session has it right now. */
  registered: RegisteredTool;
  /** Prebuilt, so zod compiles its parser once per definition. */
  input: z.ZodObject;
  call(input: Record<string, unknown>, extra: CallExtra): Promise<CallToolResult>;
}

function unavailable(name: string, tool: CallableTool | undefined): CallToolResult {
  const why = tool
    ? `tool ${name} is in a toolset this session has not enabled; call enable_toolset first (list_toolsets shows which).`
    : `tool ${name} not found on this server: it does not exist or is above this session's tier (tools/list shows what you can call).`;
  return errorResult(new ToolError("E_INVALID_ARGUMENT", why));
}

/**
 * Answers tools/call in place of McpServer's handler, which parses every input with
 * safeParseAsync and re-parses every result against its output schema: on a one-command tool
 * such as string_get that was the largest per-call cost left. Here input is parsed synchronously
 * by the prebuilt zod object, and results are not re-validated: our handlers build them, and the
 * test suite checks every tool's results against the advertised output schema (the SDK client
 * does so on each call once it has listed the tools). Registration stays with McpServer, so
 * tools/list_changed and enable/disable work as before.
 */
export function answerToolCalls(server: McpServer, tools: ReadonlyMap<string, CallableTool>): void {
  server.server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const { name, arguments: input } = request.params;
    const tool = tools.get(name);
    if (!tool?.registered.enabled) return unavailable(name, tool);
    const parsed = tool.input.safeParse(input ?? {});
    if (!parsed.success) {
      const problems = z.prettifyError(parsed.error);
      const unknown = parsed.error.issues.some((issue) => issue.code === "unrecognized_keys");
      return errorResult(
        new ToolError("E_INVALID_ARGUMENT", `Input validation error: invalid arguments for ${name}:\n${problems}`),
        unknown
          ? `${name} takes only: ${Object.keys(tool.input.shape).join(", ")} (nothing was changed).`
          : "Fix the arguments to match the tool's inputSchema.",
      );
    }
    return tool.call(parsed.data, extra);
  });
}
