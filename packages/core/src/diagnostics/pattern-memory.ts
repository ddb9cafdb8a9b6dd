import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError, throwIfCancelled } from "../errors/errors.js";
import { scanWithProgress } from "../keyspace/scan-with-progress.js";
import { checkMemorySamples, queueMemoryUsage } from "./memory.js";
import { type KeyDraw, type NamespaceSummary, type OtherNamespaces, summarizeNamespaces } from "./namespace-summary.js";
import { type DiagnosticNode, diagnosticNodes, execOnNode, type NodeReplies, perNode } from "./node-pipeline.js";
import { replyText } from "./reply-values.js";

/** Where {@link sampleMemoryByPattern} is: walking the matching keys, then measuring the sample. */
export interface PatternMemoryProgress {
  phase: "scan" | "measure";
  /** scan: keys examined (estimated); measure: sampled keys measured. */
  done: number;
  /** scan: keys in the database; measure: keys in the sample. */
  total: number;
}

/** Options for {@link sampleMemoryByPattern}. */
export interface PatternMemoryOptions {
  /** Glob pattern for key names without the client's keyPrefix, e.g. `"cache:*"`. Required. */
  match: string;
  /** Only keys of this type (`string`, `hash`, ...). */
  type?: string;
  /** Keys measured with MEMORY USAGE, drawn uniformly from every matching key (default 1,000, at most 100,000). */
  samples?: number;
  /** SCAN COUNT per call (default 1,000). */
  count?: number;
  /** Sampled keys measured per round trip (default 100, at most 1,000). */
  batchSize?: number;
  /** MEMORY USAGE SAMPLES for collections (default 5; 0 = exact, slow on big keys). */
  memorySamples?: number;
  /** Namespaces listed, biggest first (default 50); the rest are added up in `other`. */
  maxNamespaces?: number;
  /** Example key names per namespace (default 3). */
  exampleKeys?: number;
  /** Called after every SCAN call and every measured batch. */
  onProgress?: (progress: PatternMemoryProgress) => void;
  /** Stops between round trips with E_CANCELLED when aborted. */
  signal?: AbortSignal;
}

/** Matching keys on one master. */
export interface PatternMemoryNode {
  node: string;
  matched: number;
  sampled: number;
}

/** What {@link sampleMemoryByPattern} found. */
export interface PatternMemorySummary {
  match: string;
  /** Keys the walk matched (exact, but SCAN may count a key twice while Redis rehashes). */
  matchedKeys: number;
  /** Keys measured. When it equals `matchedKeys`, every figure is exact. */
  sampledKeys: number;
  /** Estimated bytes of every matching key: the namespaces' estimates added up. */
  estimatedTotalBytes: number;
  /** Biggest estimated memory first. */
  namespaces: NamespaceSummary[];
  /** Namespaces beyond `maxNamespaces`, added up; null when all are listed. */
  other: OtherNamespaces | null;
  nodes: PatternMemoryNode[];
}

interface Sampled {
  key: string;
  node: string;
}

function checkInteger(name: string, value: number, minimum: number, maximum: number): void {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new InvalidArgumentError(`sampleMemoryByPattern: ${name} must be an integer from ${minimum} to ${maximum}, got ${value}.`);
  }
}

/** TYPE, PTTL and MEMORY USAGE of one key from a node's replies; undefined when the key is gone. */
function inspectionAt(replies: NodeReplies, offset: number): Omit<KeyDraw, "key" | "weight"> | undefined {
  const [typeError, type] = replies[offset] ?? [new Error("missing"), undefined];
  const [ttlError, ttl] = replies[offset + 1] ?? [new Error("missing"), undefined];
  const [bytesError, bytes] = replies[offset + 2] ?? [new Error("missing"), undefined];
  const typeName = replyText(type);
  if (typeError || typeName === "none" || Number(ttl) === -2) return undefined;
  return {
    type: typeName,
    ttlMs: ttlError || Number(ttl) < 0 ? null : Number(ttl),
    bytes: bytesError || bytes === null || bytes === undefined ? null : Number(bytes),
  };
}

/** Measures one node's sampled keys, `batchSize` per round trip. */
async function measureNode(
  node: DiagnosticNode,
  keys: string[],
  options: { batchSize: number; memorySamples: number; clientPrefix: string; signal: AbortSignal | undefined; measured: (count: number) => void },
): Promise<Omit<KeyDraw, "weight">[]> {
  // A cluster node's connection may lack the client's keyPrefix: send the name as that connection needs it.
  const nodePrefix = keyPrefixOf(node.connection);
  const inspected: Omit<KeyDraw, "weight">[] = [];
  for (let start = 0; start < keys.length; start += options.batchSize) {
    throwIfCancelled(options.signal, "sampleMemoryByPattern");
    const batch = keys.slice(start, start + options.batchSize);
    const replies = await execOnNode(node, "sampleMemoryByPattern", (pipeline) => {
      for (const key of batch) {
        const argument = (options.clientPrefix + key).slice(nodePrefix.length);
        pipeline.type(argument);
        pipeline.pttl(argument);
        queueMemoryUsage(pipeline, argument, options.memorySamples, nodePrefix !== "");
      }
    });
    batch.forEach((key, index) => {
      const inspection = inspectionAt(replies, index * 3);
      if (inspection) inspected.push({ key, ...inspection });
    });
    options.measured(batch.length);
  }
  return inspected;
}

/**
 * Memory of the keys matching a pattern, per namespace: the seed's `redis-cli --scan --pattern
 * 'cache:*' | xargs redis-cli MEMORY USAGE` done right. SCAN walks every master once and counts
 * every match while keeping a uniform random sample (reservoir); the sample gets TYPE, PTTL and
 * MEMORY USAGE, pipelined `batchSize` keys per round trip on the node that owns them. Namespaces
 * are mined from the names as by {@link sampleKeyspace}; their counts and bytes are extrapolated
 * from the sample (exact when every match was measured). Names are without the client's keyPrefix.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a missing pattern or out-of-range options; nothing is sent.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, `E_CANCELLED`, ...) naming the node that failed.
 * @example
 * const summary = await sampleMemoryByPattern(redis, { match: "cache:*" });
 * for (const n of summary.namespaces) console.log(n.pattern, n.estimatedCount, n.memory.estimatedTotalBytes);
 */
export async function sampleMemoryByPattern(client: RedisClient, options: PatternMemoryOptions): Promise<PatternMemorySummary> {
  const { match, type, onProgress, signal } = options ?? ({} as PatternMemoryOptions);
  if (typeof match !== "string" || match === "") {
    throw new InvalidArgumentError('sampleMemoryByPattern: match is required: a glob pattern for the keys to measure, such as "cache:*".');
  }
  const samples = options.samples ?? 1_000;
  const count = options.count ?? 1_000;
  const batchSize = options.batchSize ?? 100;
  const memorySamples = options.memorySamples ?? 5;
  checkInteger("samples", samples, 1, 100_000);
  checkInteger("count", count, 1, 100_000);
  checkInteger("batchSize", batchSize, 1, 1_000);
  checkInteger("maxNamespaces", options.maxNamespaces ?? 50, 1, 10_000);
  checkInteger("exampleKeys", options.exampleKeys ?? 3, 0, 100);
  checkMemorySamples("sampleMemoryByPattern", memorySamples);
  const nodes = diagnosticNodes(client, "sampleMemoryByPattern");
  const matchedPerNode = new Map<string, number>(nodes.map((node) => [node.address, 0]));
  // Algorithm R: after n matches, each is in the reservoir with probability samples / n.
  const reservoir: Sampled[] = [];
  let matched = 0;
  for await (const step of scanWithProgress(client, { match, type, count, signal })) {
    for (const key of step.keys) {
      matched++;
      matchedPerNode.set(step.node, (matchedPerNode.get(step.node) ?? 0) + 1);
      if (reservoir.length < samples) reservoir.push({ key, node: step.node });
      else {
        const slot = Math.floor(Math.random() * matched);
        if (slot < samples) reservoir[slot] = { key, node: step.node };
      }
    }
    onProgress?.({ phase: "scan", done: step.progress.examined, total: step.progress.total });
  }
  let measuredCount = 0;
  onProgress?.({ phase: "measure", done: 0, total: reservoir.length });
  const clientPrefix = keyPrefixOf(client);
  const measured = await perNode(nodes, (node) =>
    measureNode(
      node,
      reservoir.filter((entry) => entry.node === node.address).map((entry) => entry.key),
      {
        batchSize,
        memorySamples,
        clientPrefix,
        signal,
        measured: (batch) => {
          measuredCount += batch;
          onProgress?.({ phase: "measure", done: measuredCount, total: reservoir.length });
        },
      },
    ),
  );
  const live = measured.flat();
  // Each live sample stands for an equal share of the matches (keys that vanished meanwhile drop out).
  const weight = live.length > 0 ? matched / live.length : 0;
  const { namespaces, other } = summarizeNamespaces(
    live.map((draw) => ({ ...draw, weight })),
    { maxNamespaces: options.maxNamespaces ?? 50, exampleKeys: options.exampleKeys ?? 3 },
  );
  const estimatedTotalBytes = namespaces.reduce((total, namespace) => total + namespace.memory.estimatedTotalBytes, other?.estimatedTotalBytes ?? 0);
  return {
    match,
    matchedKeys: matched,
    sampledKeys: live.length,
    estimatedTotalBytes,
    namespaces,
    other,
    nodes: nodes.map((node, index) => ({ node: node.address, matched: matchedPerNode.get(node.address) ?? 0, sampled: measured[index]?.length ?? 0 })),
  };
}
