import type { RedisClient } from "@redis-mcp/core";
import type { z } from "zod";
import type { ApplicationStores } from "../applications/application-stores.js";
import type { Tier } from "../guard/tier.js";
import type { Toolset } from "../toolsets/toolset-catalog.js";

/** What a tool handler gets besides its input; built per call by runTool. */
export interface ToolContext {
  /** The session's Redis client; under a key scope it prefixes every key itself. */
  redis: RedisClient;
  /** The packages' cache, session store, metrics and pub/sub over `redis` (the application toolsets). */
  applications: ApplicationStores;
  /** The tier granted to this session (a token may have less than the server). */
  tier: Tier;
  /** The key scope prefix ("" when unscoped), for messages only: the client applies it. */
  scope: string;
  /** Bytes the structured result may take; size windows from it. */
  budgetBytes: number;
  /** Aborted when the client cancels or the call times out: stop SCAN/pipeline loops. */
  signal: AbortSignal;
  /**
   * When the call times out (`Date.now()` time, from `--request-timeout-ms`). Work that waits on
   * purpose (pubsub_collect) ends early enough before it to still return what it has.
   */
  deadline: number;
  /** Reports progress on long work (scans, bulk deletes); a no-op when the client did not ask. */
  progress(done: number, total?: number, message?: string): Promise<void>;
  /**
   * Confirms a destructive run: through elicitation when the client supports it, otherwise by
   * checking the token a dry run issued for the same arguments.
   * @throws Error with the next step when not confirmed.
   */
  confirm(summary: string, confirmationToken: string | undefined): Promise<void>;
  /** A token a dry run returns, valid for the same tool and arguments for 5 minutes. */
  issueConfirmation(): string;
  /**
   * Raises the tier this call needs, once the handler knows it (redis_command classifies its
   * command from the server): checked against the session's tier and written to the audit log.
   * @throws ToolError (`E_TIER`) when the session's tier is lower; the handler must not go on.
   */
  requireTier(tier: Tier, what: string): void;
}

/** A handler's result: the structured content and, optionally, a compact text rendering. */
export interface ToolOutput<Output> {
  structured: Output;
  /** Defaults to the JSON of `structured` (what clients without structured content read). */
  text?: string;
}

/** Everything about one tool; registration, enforcement and auditing are done centrally. */
export interface ToolDefinition<Input extends z.ZodRawShape = z.ZodRawShape, Output extends z.ZodRawShape = z.ZodRawShape> {
  /** snake_case `<area>_<verb>`. */
  name: string;
  toolset: Toolset;
  /** The least tier that may see and call it. */
  tier: Tier;
  title: string;
  /** Short: every agent reads every description. */
  description: string;
  input: Input;
  output: Output;
  /** Same call, same effect (MCP idempotentHint). */
  idempotent: boolean;
  /** May remove or overwrite data (MCP destructiveHint); implied for destructive and admin tiers. */
  destructive?: boolean;
  /**
   * The tier a call with this input needs, when more than `tier` (delete_keys: a pattern needs
   * `destructive`). Checked before the call runs, and written to the audit log.
   */
  requiredTier?(input: z.output<z.ZodObject<Input>>): Tier;
  run(input: z.output<z.ZodObject<Input>>, context: ToolContext): Promise<ToolOutput<z.output<z.ZodObject<Output>>>>;
}

/** Identity function that checks a tool definition's types. */
export function defineTool<Input extends z.ZodRawShape, Output extends z.ZodRawShape>(
  definition: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  return definition;
}

/** Any tool, for lists of tools of different shapes. */
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous tool lists; each definition is checked by defineTool.
export type AnyToolDefinition = ToolDefinition<any, any>;
