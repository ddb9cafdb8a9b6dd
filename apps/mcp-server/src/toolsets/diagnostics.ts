import { getInfo, getSlowlog, healthReport, memoryUsage, sampleKeyspace } from "@redis-mcp/core/diagnostics";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";
import { keyName } from "./schemas.js";

const INFO_SECTIONS = [
  "server",
  "clients",
  "memory",
  "persistence",
  "stats",
  "replication",
  "cpu",
  "keyspace",
  "commandstats",
  "errorstats",
  "cluster",
] as const;

/**
 * INFO sections that describe every tenant of the server (key counts per database, connected
 * clients, per-command and per-error counts and latencies): not shown under a key scope.
 */
const SECTIONS_OUTSIDE_SCOPE: ReadonlySet<string> = new Set(["keyspace", "clients", "commandstats", "errorstats", "latencystats"]);

export const serverInfo = defineTool({
  name: "server_info",
  toolset: "diagnostics",
  tier: "read",
  title: "Server info",
  description: "Parsed INFO per node (every cluster master), optionally one section.",
  idempotent: true,
  input: { section: z.enum(INFO_SECTIONS).optional(), includeReplicas: z.boolean().optional() },
  output: {
    nodes: z.array(z.object({ node: z.string(), role: z.string(), info: z.record(z.string(), z.unknown()) })),
    omittedSections: z.array(z.string()).optional(),
  },
  async run(input, context) {
    if (context.scope && input.section && SECTIONS_OUTSIDE_SCOPE.has(input.section)) {
      throw new ToolError(
        "E_SCOPE",
        `the ${input.section} section describes every tenant of this Redis, and this session is confined to the key scope "${context.scope}". Use keyspace_summary for the keys in your scope; the whole server's ${input.section} is for an unscoped session.`,
      );
    }
    const nodes = await getInfo(context.redis, { sections: input.section ? [input.section] : undefined, includeReplicas: input.includeReplicas });
    const omitted = new Set<string>();
    const shown = nodes.map((node) => {
      const info: Record<string, unknown> = { ...node.info };
      if (context.scope) {
        for (const section of Object.keys(info)) {
          if (SECTIONS_OUTSIDE_SCOPE.has(section)) {
            delete info[section];
            omitted.add(section);
          }
        }
      }
      return { node: node.node, role: node.role, info };
    });
    return { structured: { nodes: shown, ...(omitted.size > 0 ? { omittedSections: [...omitted].sort() } : {}) } };
  },
});

export const healthCheck = defineTool({
  name: "health_check",
  toolset: "diagnostics",
  tier: "read",
  title: "Health check",
  description: "Findings with severity, evidence and fix: memory, evictions, hit rate, fragmentation, persistence, replication, slow commands.",
  idempotent: true,
  input: {},
  output: {
    generatedAt: z.string(),
    summary: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
    findings: z.array(
      z.object({ id: z.string(), severity: z.string(), title: z.string(), node: z.string(), evidence: z.record(z.string(), z.unknown()), fix: z.string() }),
    ),
    nodes: z.array(z.record(z.string(), z.unknown())),
  },
  async run(_input, context) {
    // Under a key scope the slow-command finding sees only commands on the scope's keys.
    const report = await healthReport(context.redis, { withinKeyPrefix: context.scope !== "" });
    return { structured: JSON.parse(JSON.stringify(report)) };
  },
});

export const slowlogGet = defineTool({
  name: "slowlog_get",
  toolset: "diagnostics",
  tier: "read",
  title: "Slow log",
  description: "Slowest recent commands on every node, newest first (secret arguments masked).",
  idempotent: true,
  input: { count: z.number().int().min(1).max(500).default(10) },
  output: {
    entries: z.array(
      z.object({
        id: z.number(),
        node: z.string(),
        timestamp: z.number(),
        durationMicros: z.number(),
        command: z.array(z.string()),
        clientAddress: z.string().nullable(),
        clientName: z.string().nullable(),
      }),
    ),
  },
  async run(input, context) {
    // Under a key scope: only commands whose every key is in the scope, keys without the prefix.
    const entries = await getSlowlog(context.redis, { count: input.count, withinKeyPrefix: context.scope !== "" });
    return {
      structured: {
        entries: entries.map((entry) => ({
          id: entry.id,
          node: entry.node,
          timestamp: entry.timestamp,
          durationMicros: entry.durationMicros,
          command: entry.command,
          clientAddress: entry.clientAddress || null,
          clientName: entry.clientName || null,
        })),
      },
    };
  },
});

export const keyspaceSummary = defineTool({
  name: "keyspace_summary",
  toolset: "diagnostics",
  tier: "read",
  title: "Keyspace summary",
  description: "Sampled namespaces (e.g. user:{id}:profile) with type, estimated count, TTL spread and memory.",
  idempotent: true,
  input: { samples: z.number().int().min(10).max(10_000).default(1000), maxNamespaces: z.number().int().min(1).max(200).default(30) },
  output: {
    namespaces: z.array(z.record(z.string(), z.unknown())),
    other: z.record(z.string(), z.unknown()).nullable(),
    totals: z.record(z.string(), z.unknown()),
  },
  async run(input, context) {
    await context.progress(0, input.samples, "sampling");
    const summary = await sampleKeyspace(context.redis, { samples: input.samples, maxNamespaces: input.maxNamespaces, signal: context.signal });
    const totals: Record<string, unknown> = { ...summary.totals };
    if (context.scope) {
      // Under a key scope, say nothing about the rest of the database.
      delete totals.keysOutsidePrefix;
      delete totals.totalKeys;
      delete totals.nodes;
    }
    return { structured: JSON.parse(JSON.stringify({ namespaces: summary.namespaces, other: summary.other, totals })) };
  },
});

export const memoryUsageTool = defineTool({
  name: "memory_usage",
  toolset: "diagnostics",
  tier: "read",
  title: "Memory usage",
  description: "Bytes a key takes in memory (MEMORY USAGE); null when it does not exist.",
  idempotent: true,
  input: { key: keyName, samples: z.number().int().min(0).max(1000).default(5).describe("0 = exact") },
  output: { key: z.string(), bytes: z.number().nullable() },
  async run(input, context) {
    return { structured: { key: input.key, bytes: await memoryUsage(context.redis, input.key, { samples: input.samples }) } };
  },
});

/** The diagnostics toolset. */
export const DIAGNOSTICS_TOOLS = [serverInfo, healthCheck, slowlogGet, keyspaceSummary, memoryUsageTool];
