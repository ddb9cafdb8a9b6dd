import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { RedisMcpError, type RedisMcpErrorCode, toRedisMcpError } from "@redis-mcp/core";
import { redactArguments } from "../guard/audit-log.js";
import { errorResult, ToolError } from "../guard/error-result.js";
import { type Tier, tierAllows } from "../guard/tier.js";
import { CallContext } from "./call-context.js";
import type { AnyToolDefinition } from "./define-tool.js";
import type { McpSessionContext } from "./mcp-session-context.js";
import type { CallExtra as Extra } from "./tool-calls.js";

/** Failures of the server or of Redis (not of the agent's input), sent as log notifications too. */
const LOGGED_CODES = new Set<RedisMcpErrorCode>(["E_REDIS_UNAVAILABLE", "E_TIMEOUT", "E_AUTH", "E_NO_PERMISSION", "E_INTERNAL"]);

/** Errors ioredis raises (replies, connection loss, timeouts) as opposed to bugs in a tool. */
function isRedisFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === "ReplyError" ||
    error.name === "MaxRetriesPerRequestError" ||
    error.name === "ClusterAllFailedError" ||
    /^(Command timed out|Connection is closed|Stream isn't writeable)/.test(error.message) ||
    "code" in error
  );
}

/** The tool that reads each Redis type, for "wrong type" hints. */
const READER_FOR_TYPE: Record<string, string> = {
  string: "string_get",
  hash: "hash_get",
  list: "list_range",
  set: "set_members",
  zset: "zset_range",
  stream: "stream_range",
};

async function wrongTypeHint(session: McpSessionContext, input: Record<string, unknown>): Promise<string | undefined> {
  if (typeof input.key !== "string") return undefined;
  const type = await session.redis.type(input.key).catch(() => undefined);
  if (!type || type === "none") return undefined;
  const reader = READER_FOR_TYPE[type];
  return `Key ${JSON.stringify(input.key)} holds a ${type}: use ${reader ?? "read_key"} (or read_key, which reads any type).`;
}

/**
 * The one path every tool call takes: tier check, timeout and cancellation, the handler, the
 * output budget, errors as `isError` results with a next step, metrics, and the audit log for
 * anything above read. Tools never re-implement any of it.
 */
export async function runTool(
  tool: AnyToolDefinition,
  input: Record<string, unknown>,
  session: McpSessionContext,
  server: McpServer,
  extra: Extra,
): Promise<CallToolResult> {
  const started = performance.now();
  let result: CallToolResult;
  let code: RedisMcpErrorCode | undefined;
  let dryRun = false;
  // What this call needs, from its input: the audit log records it, and the session must have it.
  let needed: Tier = tool.requiredTier?.(input) ?? tool.tier;
  let context: CallContext | undefined;
  try {
    if (!tierAllows(session.tier, needed)) {
      throw new ToolError(
        "E_TIER",
        `${tool.name}: this call needs the ${needed} tier, and this session has ${session.tier}. Nothing was changed. An operator grants it with --tier ${needed} (or the token's tier).`,
      );
    }
    const output = await session.deadlines.run(extra.signal, (call) => {
      context = new CallContext(tool, input, session, server, extra, call);
      return tool.run(input, context);
    });
    const json = JSON.stringify(output.structured);
    const size = Buffer.byteLength(json);
    if (size > session.budgetBytes) {
      throw new ToolError("E_BUDGET", `the result is ${size} bytes, over this server's ${session.budgetBytes}-byte budget.`);
    }
    // A dry run may be the default (pattern deletes): read it from what the tool did.
    dryRun = (output.structured as { dryRun?: unknown }).dryRun === true;
    result = { content: [{ type: "text", text: output.text ?? json }], structuredContent: output.structured };
  } catch (thrown) {
    // Redis replies and connection failures become coded errors here, once, for every tool.
    const error = RedisMcpError.isInstance(thrown) || !isRedisFailure(thrown) ? thrown : toRedisMcpError(thrown, tool.name);
    code = RedisMcpError.isInstance(error) ? error.code : "E_INTERNAL";
    const hint = code === "E_WRONG_TYPE" ? await wrongTypeHint(session, input) : undefined;
    result = errorResult(error, hint);
    if (LOGGED_CODES.has(code)) {
      // The client sees the failure in the result; the log tells it (and its user) why calls keep failing.
      const level = code === "E_INTERNAL" ? "error" : "warning";
      const data = `${tool.name}: ${code}: ${error instanceof Error ? error.message : String(error)}`;
      await server.sendLoggingMessage({ level, logger: "redis-mcp", data }, extra.sessionId).catch(() => undefined);
    }
  }
  // A handler that classified its own work (redis_command) may have raised the tier it needs.
  const raised = (context as CallContext | undefined)?.raisedTier;
  if (raised && !tierAllows(needed, raised)) needed = raised;
  const seconds = (performance.now() - started) / 1000;
  session.metrics.record(tool.name, code ? "error" : "ok", seconds);
  if (needed !== "read") {
    session.audit.write({
      time: new Date().toISOString(),
      principal: session.principal,
      tool: tool.name,
      tier: needed,
      arguments: redactArguments(input),
      outcome: code ? "error" : dryRun ? "dry-run" : "ok",
      ...(code ? { code } : {}),
      durationMs: Math.round(seconds * 1000),
    });
  }
  return result;
}
