import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { RedisMcpError, type RedisMcpErrorCode } from "@redis-mcp/core";

// The server's own codes join core's union, so a misspelt code fails to compile here as in core.
declare module "@redis-mcp/core" {
  interface RedisMcpErrorCodes {
    /** The result is over the server's output budget. */
    E_BUDGET: true;
    /** A destructive call needs a dry run and its confirmation token. */
    E_CONFIRMATION_REQUIRED: true;
    /** The user declined a confirmation. */
    E_NOT_CONFIRMED: true;
    /** The target already exists (rename without overwrite). */
    E_EXISTS: true;
    /** The call needs a higher tier than the server runs with. */
    E_TIER: true;
    /** The data asked for would show what lies outside the session's key scope. */
    E_SCOPE: true;
    /** The data is too large to compute within the server's bounds. */
    E_TOO_LARGE: true;
    /** A bug in the server: anything thrown that is not a coded error. */
    E_INTERNAL: true;
  }
}

/** What to do next, per error code, appended to the message the agent reads. */
const NEXT_STEP: Partial<Record<RedisMcpErrorCode, string>> = {
  E_REDIS_UNAVAILABLE: "Redis is unreachable right now; the server reconnects on its own. Retry in a few seconds.",
  E_TIMEOUT: "Retry, or ask for less (smaller limit or count).",
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
  const code: RedisMcpErrorCode = coded ? error.code : "E_INTERNAL";
  const message = error instanceof Error ? error.message : String(error);
  const next = hint ?? NEXT_STEP[code] ?? "";
  const text = `${code}: ${message}${next ? ` ${next}` : ""}`;
  return { isError: true, content: [{ type: "text", text }] };
}
