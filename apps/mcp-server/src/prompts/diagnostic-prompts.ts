import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { GetPromptResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { tierAllows } from "../guard/tier.js";
import type { McpSessionContext } from "../tools/mcp-session-context.js";
import { ALL_TOOLS } from "../toolsets/all-tools.js";
import { namespaceCompletions } from "./namespace-completions.js";

/** One user message with the prompt's text. */
function message(lines: readonly (string | false | undefined)[]): GetPromptResult {
  const text = lines.filter((line): line is string => typeof line === "string" && line !== "").join("\n");
  return { messages: [{ role: "user", content: { type: "text", text } }] };
}

/**
 * The diagnostics prompts: each tells the agent which tools to call, in which order, and what to
 * look for, grounded in what this server offers. A tool this session cannot call is named with
 * how to get it (the toolset or tier), so the agent does not guess. Arguments complete from a
 * bounded keyspace sample inside the key scope.
 */
export function registerDiagnosticPrompts(server: McpServer, session: McpSessionContext): void {
  const completions = namespaceCompletions(session);
  const tool = (name: string): string => {
    const definition = ALL_TOOLS.find((candidate) => candidate.name === name);
    if (!definition) return name;
    if (!tierAllows(session.tier, definition.tier)) return `${name} (needs the ${definition.tier} tier; skip it here)`;
    if (!session.toolsets.includes(definition.toolset)) {
      return `${name} (toolset ${definition.toolset}: ${session.dynamicToolsets ? `enable_toolset ${definition.toolset}` : `start the server with --toolsets including ${definition.toolset}`})`;
    }
    return name;
  };
  const scopeLine = session.scope
    ? `You are confined to the key scope "${session.scope}": name keys without it; server-wide figures (INFO keyspace, clients, command stats) are not shown to you.`
    : undefined;
  const namespace = completable(z.string().max(200).optional().describe("a namespace such as user:{id}:profile"), (value) => completions.patterns(value ?? ""));

  server.registerPrompt(
    "diagnose_performance",
    {
      title: "Diagnose performance",
      description: "Find out why Redis is slow: health findings, slow log, command stats, memory, hot namespaces.",
      argsSchema: { symptom: z.string().max(500).optional().describe("what is slow, e.g. 'GET latency spikes'"), namespace },
    },
    ({ symptom, namespace: focus }) =>
      message([
        `Diagnose the performance of this Redis${symptom ? ` (reported symptom: ${symptom})` : ""}${focus ? `, focusing on the ${focus} namespace` : ""}.`,
        scopeLine,
        "Work through these steps, calling the tools yourself:",
        `1. ${tool("health_check")}: list every warning and critical finding with its evidence.`,
        `2. ${tool("slowlog_get")} with count 25: group the slow entries by command and key pattern; note O(N) commands (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1, ZRANGE on big sets) and large arguments.`,
        `3. ${tool("server_info")} with section "stats", then "cpu" and "memory": instantaneous ops/sec, hit rate (keyspace_hits vs keyspace_misses), evictions, blocked clients, fragmentation.`,
        !session.scope && `4. ${tool("server_info")} with section "commandstats": the commands with the highest usec_per_call and calls.`,
        `5. ${tool("keyspace_summary")}: the namespaces with the most keys or memory; ${tool("memory_usage")} and ${tool("inspect_key")} on their example keys to find big keys and poor encodings.`,
        "Then answer: the most likely causes, ranked, each with the evidence from the tool results, and a concrete fix (command, data-model or configuration change). Change nothing without asking.",
      ]),
  );

  server.registerPrompt(
    "find_memory_hogs",
    {
      title: "Find memory hogs",
      description: "Find what takes the memory: namespaces and keys by estimated bytes, TTL gaps, and fixes.",
      argsSchema: {
        namespace,
        samples: z
          .string()
          .regex(/^\d{2,5}$/, "a number of keys to sample, 10 to 10000")
          .optional()
          .describe("keys to sample (default 1000)"),
      },
    },
    ({ namespace: focus, samples }) =>
      message([
        `Find what uses the most memory in this Redis${focus ? `, starting with the ${focus} namespace` : ""}.`,
        scopeLine,
        `1. ${tool("server_info")} with section "memory": used_memory, maxmemory and policy, fragmentation ratio.`,
        `2. ${tool("keyspace_summary")} with samples ${samples ?? "1000"}: sort the namespaces by memory.estimatedTotalBytes; note those without TTLs (ttl.withoutTtl).`,
        `3. For the top namespaces: ${tool("memory_usage")} and ${tool("inspect_key")} on their example keys (type, length, encoding), and ${tool("scan_keys")} with the namespace's glob to see how many there are.`,
        `4. ${tool("health_check")}: memory, eviction and fragmentation findings.`,
        "Report a table of the largest namespaces (estimated bytes, count, TTL coverage) and the largest keys, then fixes: TTLs to add, structures to split or re-encode, data to move out of Redis. Do not delete anything.",
      ]),
  );

  server.registerPrompt(
    "design_cache_strategy",
    {
      title: "Design a cache strategy",
      description: "Propose keys, TTLs, eviction and invalidation for caching a namespace, from what Redis holds today.",
      argsSchema: {
        namespace,
        workload: z.string().max(500).optional().describe("e.g. 'read-heavy product pages, updated hourly'"),
      },
    },
    ({ namespace: focus, workload }) =>
      message([
        `Design a caching strategy${focus ? ` for the ${focus} namespace` : ""}${workload ? ` (workload: ${workload})` : ""}.`,
        scopeLine,
        `1. ${tool("keyspace_summary")}: the namespaces, their types, counts, TTL spread and memory${focus ? `, especially ${focus}` : ""}.`,
        `2. ${tool("inspect_key")} and ${tool("read_key")} on a few example keys: value sizes and shapes.`,
        `3. ${tool("server_info")} with section "stats": hit rate and evictions; ${tool("health_check")} for the findings.`,
        `4. ${tool("config_get")} with pattern "maxmemory*": the memory limit and eviction policy.`,
        "Propose: key naming (hash tags for keys read together on a cluster), TTLs with jitter, the eviction policy, stampede protection, invalidation (by tag or event), and what to measure after the change. Base every choice on the numbers you read.",
      ]),
  );

  server.registerPrompt(
    "explain_keyspace",
    {
      title: "Explain the keyspace",
      description: "Explain what data this Redis holds: namespaces, types, sizes, TTLs and what each is probably for.",
      argsSchema: { pattern: completable(z.string().max(200).optional().describe("a key glob such as user:*"), (value) => completions.globs(value ?? "")) },
    },
    ({ pattern }) =>
      message([
        `Explain the data in this Redis${pattern ? ` under ${pattern}` : ""}, for a developer new to the application.`,
        scopeLine,
        `1. ${tool("keyspace_summary")}: the namespaces with type, estimated count, TTL spread and memory.`,
        `2. ${tool("scan_keys")}${pattern ? ` with pattern ${pattern}` : " with each namespace's glob"}: a page of real key names.`,
        `3. ${tool("inspect_key")} then ${tool("read_key")} on one or two keys per namespace: their shape (fields, members, entries).`,
        "Describe each namespace: what it stores, how keys are named, which type and why it fits, how long entries live, and how the namespaces relate (ids shared between them). Read only; change nothing.",
      ]),
  );
}
