import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RedisClient } from "@redis-mcp/core";
import type { ApplicationStores } from "../applications/application-stores.js";
import { ToolError } from "../guard/error-result.js";
import { type Tier, tierAllows } from "../guard/tier.js";
import type { TimedCall } from "./call-deadlines.js";
import type { AnyToolDefinition, ToolContext } from "./define-tool.js";
import type { McpSessionContext } from "./mcp-session-context.js";
import type { CallExtra } from "./tool-calls.js";

/**
 * What one call's handler gets (see ToolContext). A class, so a call costs one object and no
 * closures: most handlers only read `redis` and `budgetBytes`.
 */
export class CallContext implements ToolContext {
  readonly redis: RedisClient;
  readonly applications: ApplicationStores;
  readonly tier: Tier;
  readonly scope: string;
  readonly budgetBytes: number;
  /** The highest tier requireTier asked for (the audit log records it). */
  raisedTier: Tier | undefined;

  constructor(
    private readonly tool: AnyToolDefinition,
    private readonly input: Record<string, unknown>,
    private readonly session: McpSessionContext,
    private readonly server: McpServer,
    private readonly extra: CallExtra,
    private readonly call: TimedCall,
  ) {
    this.redis = session.redis;
    this.applications = session.applications;
    this.tier = session.tier;
    this.scope = session.scope;
    this.budgetBytes = session.budgetBytes;
  }

  get deadline(): number {
    return this.call.deadline;
  }

  /** Made on first use only: most tools never look at it. */
  get signal(): AbortSignal {
    return this.call.signal;
  }

  async progress(done: number, total?: number, message?: string): Promise<void> {
    const progressToken = this.extra._meta?.progressToken;
    if (progressToken === undefined) return;
    await this.extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress: done, total, message } }).catch(() => undefined);
  }

  requireTier(tier: Tier, what: string): void {
    if (!this.raisedTier || tierAllows(tier, this.raisedTier)) this.raisedTier = tier;
    if (!tierAllows(this.tier, tier)) {
      throw new ToolError(
        "E_TIER",
        `${this.tool.name}: ${what} needs the ${tier} tier, and this session has ${this.tier}. Nothing was sent. An operator grants it with --tier ${tier} (or the token's tier).`,
      );
    }
  }

  issueConfirmation(): string {
    return this.session.confirmations.issue(this.tool.name, this.input, this.session);
  }

  async confirm(summary: string, token: string | undefined): Promise<void> {
    const server = this.server.server;
    if (server.getClientCapabilities()?.elicitation) {
      const answer = await server.elicitInput({
        message: `${summary} Proceed?`,
        requestedSchema: { type: "object", properties: { confirm: { type: "boolean", title: "Proceed", description: summary } }, required: ["confirm"] },
      });
      if (answer.action === "accept" && answer.content?.confirm === true) return;
      throw new ToolError("E_NOT_CONFIRMED", "the user did not confirm; nothing was changed.");
    }
    if (token === undefined) {
      throw new ToolError("E_CONFIRMATION_REQUIRED", `${summary} Run it with dryRun: true first and pass the confirmationToken it returns.`);
    }
    const verdict = this.session.confirmations.verify(this.tool.name, this.input, token, this.session);
    if (verdict === "expired") throw new ToolError("E_CONFIRMATION_REQUIRED", "the confirmationToken expired; run the dry run again for a fresh one.");
    if (verdict === "mismatch") {
      throw new ToolError(
        "E_CONFIRMATION_REQUIRED",
        "the confirmationToken was issued for other arguments, or in another session or to another caller; run the dry run again here with exactly these arguments.",
      );
    }
  }
}
