import type { RedisClient } from "@redis-mcp/core";
import type { ApplicationStores } from "../applications/application-stores.js";
import type { AuditLog } from "../guard/audit-log.js";
import type { ConfirmationTokens } from "../guard/confirmation.js";
import type { Tier } from "../guard/tier.js";
import type { ToolMetrics } from "../guard/tool-metrics.js";
import type { Toolset } from "../toolsets/toolset-catalog.js";
import type { CallDeadlines } from "./call-deadlines.js";

/**
 * Everything that is fixed for one MCP session: its Redis client, what it may do, and the shared
 * services every call reports to. Tool handlers keep no state of their own beyond this.
 */
export interface McpSessionContext {
  /** Who is calling, for the audit log: `stdio` or an HTTP token's name. */
  principal: string;
  /** The caller's stable identity (an HTTP token's digest, `stdio`, `anonymous`); never logged. */
  principalId: string;
  /** Unique per MCP session: confirmation tokens are valid only in the session that asked for them. */
  sessionKey: string;
  redis: RedisClient;
  /** The cache, session, metrics and pub/sub objects over `redis`, for the application toolsets. */
  applications: ApplicationStores;
  tier: Tier;
  toolsets: readonly Toolset[];
  /** Start with only list_toolsets/enable_toolset and grow on request. */
  dynamicToolsets: boolean;
  /** Key scope prefix ("" for none). */
  scope: string;
  budgetBytes: number;
  requestTimeoutMs: number;
  /** Resource subscriptions this session may hold at once. */
  maxSubscriptions: number;
  audit: AuditLog;
  metrics: ToolMetrics;
  confirmations: ConfirmationTokens;
  /** Times every call against requestTimeoutMs. */
  deadlines: CallDeadlines;
}
