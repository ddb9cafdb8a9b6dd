import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { RedisMcpError } from "@redis-mcp/core";

/** What to do next, per error code, appended to the message the agent reads. */
const NEXT_STEP: Record<string, string> = {
  E_REDIS_UNAVAILABLE: "Redis is unreachable right now; the server reconnects on its own. Retry in a few seconds.",
  E_TIMEOUT: "Redis did not answer in time. Retry, or ask for less (smaller limit or count).",
  E_CROSSSLOT: "On Redis Cluster, keys used together need a common hash tag, e.g. {user:1}:a and {user:1}:b.",
  E_NO_PERMISSION: "The Redis ACL user of this server may not do this. Ask an operator for a user with the needed permissions.",
  E_AUTH: "The server's Redis credentials were rejected. An operator must fix the configuration.",
  E_UNSUPPORTED: "This Redis server does not support it (version or module).",
  E_BUDGET: "Ask for less: lower limit, count or maxBytes, and follow nextCursor for the rest.",
  E_CONFIRMATION_REQUIRED: "",
};

/** A coded error that stays inside the server (budget, confirmation, tier). */
export class ToolError extends RedisMcpError {
  override name = "ToolError";
}

/** The isError tool result for any failure: the message, its code, and the next step. */
export function errorResult(error: unknown, hint?: string): CallToolResult {
  const coded = RedisMcpError.isInstance(error);
  const code = coded ? error.code : "E_INTERNAL";
  const message = error instanceof Error ? error.message : String(error);
  const next = hint ?? NEXT_STEP[code] ?? "";
  const text = `${code}: ${message}${next ? ` ${next}` : ""}`;
  return { isError: true, content: [{ type: "text", text }] };
}
