import { applyServerConfig, backgroundSave, configGet, databaseSizes, flushDatabase, parseServerConfig } from "@redis-mcp/core/diagnostics";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";

const PARAMETER = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9*?[\]-]+$/, "a parameter name or glob in lower case, e.g. maxmemory*");

export const configGetTool = defineTool({
  name: "config_get",
  toolset: "admin",
  tier: "admin",
  title: "Get server config",
  description: "CONFIG GET per node (every cluster master) for a parameter or glob; secrets are masked.",
  idempotent: true,
  input: { pattern: z.union([PARAMETER, z.array(PARAMETER).min(1).max(50)]).describe('e.g. maxmemory* or ["save", "appendonly"]') },
  output: { nodes: z.array(z.object({ node: z.string(), config: z.record(z.string(), z.string()) })) },
  async run(input, context) {
    return { structured: { nodes: await configGet(context.redis, input.pattern) } };
  },
});

export const configSetTool = defineTool({
  name: "config_set",
  toolset: "admin",
  tier: "admin",
  title: "Set server config",
  description: "CONFIG SET on every master, only what differs; rewrite: true also saves it to the config file.",
  idempotent: true,
  input: {
    parameters: z.record(z.string().min(1).max(200), z.string().max(10_000)).describe('e.g. {"maxmemory-policy": "allkeys-lru"}'),
    rewrite: z.boolean().default(false),
  },
  output: {
    nodes: z.array(
      z.object({
        node: z.string(),
        changed: z.array(z.object({ parameter: z.string(), current: z.string().nullable(), desired: z.string(), changed: z.boolean() })),
        applied: z.boolean(),
        error: z.string().optional(),
        rewritten: z.boolean().nullable(),
        rewriteError: z.string().optional(),
      }),
    ),
  },
  async run(input, context) {
    if (Object.keys(input.parameters).length === 0)
      throw new ToolError("E_INVALID_ARGUMENT", 'give at least one parameter, e.g. {"maxmemory-policy": "allkeys-lru"}.');
    const desired = parseServerConfig(JSON.stringify(input.parameters));
    if (desired.ignored.length > 0) {
      const reasons = desired.ignored.map((entry) => `${entry.name} (${entry.reason})`).join("; ");
      throw new ToolError("E_INVALID_ARGUMENT", `these cannot be set at run time: ${reasons}. Nothing was changed.`);
    }
    const nodes = await applyServerConfig(context.redis, desired, { rewrite: input.rewrite });
    return { structured: { nodes: JSON.parse(JSON.stringify(nodes)) } };
  },
});

export const persistenceSave = defineTool({
  name: "persistence_save",
  toolset: "admin",
  tier: "admin",
  title: "Background save",
  description: "Start BGSAVE on every master (statusOnly: just LASTSAVE and whether a save runs).",
  idempotent: false,
  input: {
    statusOnly: z.boolean().default(false),
    schedule: z.boolean().default(false).describe("wait for a running AOF rewrite instead of failing"),
  },
  output: {
    nodes: z.array(
      z.object({ node: z.string(), started: z.boolean(), message: z.string(), lastSave: z.number(), inProgress: z.boolean(), lastStatus: z.string() }),
    ),
  },
  async run(input, context) {
    return { structured: { nodes: await backgroundSave(context.redis, { statusOnly: input.statusOnly, schedule: input.schedule }) } };
  },
});

export const flushDatabaseTool = defineTool({
  name: "flush_database",
  toolset: "admin",
  tier: "admin",
  title: "Flush database",
  description: "Delete every key of the database on every master. Dry run first (key counts), then confirm with its confirmationToken.",
  idempotent: true,
  destructive: true,
  input: {
    dryRun: z.boolean().default(true).describe("report key counts only (default)"),
    async: z.boolean().default(false).describe("FLUSHDB ASYNC"),
    confirmationToken: z.string().max(200).optional(),
  },
  output: {
    dryRun: z.boolean(),
    nodes: z.array(z.object({ node: z.string(), keys: z.number() })),
    totalKeys: z.number(),
    confirmationToken: z.string().optional(),
  },
  async run(input, context) {
    if (context.scope) {
      throw new ToolError(
        "E_SCOPE",
        `FLUSHDB would delete every tenant's keys, and this session is confined to "${context.scope}". Use delete_keys with pattern "*" (dry run first), which stays inside the scope.`,
      );
    }
    const total = (nodes: readonly { keys: number }[]) => nodes.reduce((sum, node) => sum + node.keys, 0);
    if (input.dryRun) {
      const nodes = await databaseSizes(context.redis);
      return { structured: { dryRun: true, nodes, totalKeys: total(nodes), confirmationToken: context.issueConfirmation() } };
    }
    const before = await databaseSizes(context.redis);
    await context.confirm(`Delete all ${total(before)} keys of the database on ${before.length} node(s) (FLUSHDB).`, input.confirmationToken);
    const nodes = await flushDatabase(context.redis, { async: input.async });
    return { structured: { dryRun: false, nodes, totalKeys: total(nodes) } };
  },
});

/** The admin toolset. */
export const ADMIN_TOOLS = [configGetTool, configSetTool, persistenceSave, flushDatabaseTool];
