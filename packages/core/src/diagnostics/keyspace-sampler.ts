import { keyPrefixOf, type RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError, throwIfCancelled } from "../errors/errors.js";
import { checkMemorySamples, queueMemoryUsage } from "./memory.js";
import { type KeyDraw, type NamespaceSummary, type OtherNamespaces, summarizeNamespaces } from "./namespace-summary.js";
import { type DiagnosticNode, diagnosticNodes, execOnNode, perNode, replyAt } from "./node-pipeline.js";
import { replyText } from "./reply-values.js";

/** Options for {@link sampleKeyspace}. */
export interface KeyspaceSampleOptions {
  /** RANDOMKEY draws in all, shared among masters in proportion to their key counts (default 1,000, at most 100,000). */
  samples?: number;
  /** Namespaces listed, biggest first (default 50); the rest are added up in `other`. */
  maxNamespaces?: number;
  /** Example key names per namespace (default 3). */
  exampleKeys?: number;
  /** Draws per round trip; each batch's keys are inspected in the next round trip (default 100, at most 1,000). */
  batchSize?: number;
  /** MEMORY USAGE SAMPLES for collections (default 5; 0 = exact, slow on big keys). */
  memorySamples?: number;
  /** Stops between round trips with E_CANCELLED when aborted. */
  signal?: AbortSignal;
}

/** Keys and draws of one master. */
export interface KeyspaceNodeTotals {
  node: string;
  /** DBSIZE of the client's database on that node. */
  keys: number;
  /** RANDOMKEY draws sent to it. */
  samples: number;
}

/** What {@link sampleKeyspace} found. */
export interface KeyspaceSummary {
  /** Biggest estimated memory first. */
  namespaces: NamespaceSummary[];
  /** Namespaces beyond `maxNamespaces`, added up; null when all are listed. */
  other: OtherNamespaces | null;
  totals: {
    /** Keys in the client's database on all masters. */
    totalKeys: number;
    /** Draws that found a key. */
    samples: number;
    /** Distinct keys inspected. */
    sampledKeys: number;
    /** Estimated keys that do not start with the client's keyPrefix (not described; 0 without a prefix). */
    keysOutsidePrefix: number;
    nodes: KeyspaceNodeTotals[];
  };
}

interface Inspection {
  type: string;
  ttlMs: number | null;
  bytes: number | null;
}

function checkInteger(name: string, value: number, minimum: number, maximum: number): void {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new InvalidArgumentError(`sampleKeyspace: ${name} must be an integer from ${minimum} to ${maximum}, got ${value}.`);
  }
}

/** Splits `samples` in proportion to `sizes`, largest remainders first, so the parts add up exactly. */
export function allocateSamples(samples: number, sizes: readonly number[]): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total === 0) return sizes.map(() => 0);
  const exact = sizes.map((size) => (samples * size) / total);
  const parts = exact.map(Math.floor);
  let left = samples - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    if ((sizes[index] ?? 0) > 0) {
      parts[index] = (parts[index] ?? 0) + 1;
      left--;
    }
  }
  return parts;
}

function readInspection(replies: [Error | null, unknown][], offset: number): Inspection | undefined {
  const [typeError, type] = replies[offset] ?? [new Error("missing"), undefined];
  const [ttlError, ttl] = replies[offset + 1] ?? [new Error("missing"), undefined];
  const [bytesError, bytes] = replies[offset + 2] ?? [new Error("missing"), undefined];
  const typeName = replyText(type);
  // Expired or deleted since RANDOMKEY picked it (or moved by a resharding): not a sample.
  if (typeError || typeName === "none" || Number(ttl) === -2) return undefined;
  return {
    type: typeName,
    ttlMs: ttlError || Number(ttl) < 0 ? null : Number(ttl),
    bytes: bytesError || bytes === null || bytes === undefined ? null : Number(bytes),
  };
}

interface NodeSample {
  /** Full key names drawn, in order (duplicates kept). */
  drawn: string[];
  inspections: Map<string, Inspection>;
}

/**
 * Draws `count` keys from one node in batches; every round trip inspects the previous batch
 * (TYPE, PTTL, MEMORY USAGE per new key) and draws the next, so a node costs batches + 1 round trips.
 */
async function sampleNode(
  node: DiagnosticNode,
  count: number,
  options: { batchSize: number; memorySamples: number; clientPrefix: string; signal: AbortSignal | undefined },
): Promise<NodeSample> {
  // The node connection applies its own keyPrefix to key arguments (cluster nodes may have none).
  const nodePrefix = keyPrefixOf(node.connection);
  const drawn: string[] = [];
  const inspections = new Map<string, Inspection>();
  const queued = new Set<string>();
  let pending: string[] = [];
  let remaining = count;
  while (remaining > 0 || pending.length > 0) {
    throwIfCancelled(options.signal, "sampleKeyspace");
    const batch = Math.min(options.batchSize, remaining);
    const inspecting = pending;
    const replies = await execOnNode(node, "sampleKeyspace", (pipeline) => {
      for (const key of inspecting) {
        const argument = key.slice(nodePrefix.length);
        pipeline.type(argument);
        pipeline.pttl(argument);
        queueMemoryUsage(pipeline, argument, options.memorySamples, nodePrefix !== "");
      }
      for (let draw = 0; draw < batch; draw++) pipeline.randomkey();
    });
    inspecting.forEach((key, index) => {
      const inspection = readInspection(replies, index * 3);
      if (inspection) inspections.set(key, inspection);
    });
    pending = [];
    for (let draw = 0; draw < batch; draw++) {
      const reply = replyAt(replies, inspecting.length * 3 + draw, "sampleKeyspace: RANDOMKEY", node);
      if (reply === null || reply === undefined) continue;
      const key = replyText(reply);
      drawn.push(key);
      if (key.startsWith(options.clientPrefix) && key.startsWith(nodePrefix) && !queued.has(key)) {
        queued.add(key);
        pending.push(key);
      }
    }
    remaining -= batch;
  }
  return { drawn, inspections };
}

/**
 * Describes the keyspace from a random sample: namespaces mined from key names (`user:{id}:profile`,
 * see {@link keyPattern}) with their types, estimated key count, TTL spread and memory. RANDOMKEY
 * draws are shared among masters in proportion to DBSIZE and pipelined in batches; each batch's keys
 * get TYPE, PTTL and MEMORY USAGE in the next round trip. Never KEYS, never one round trip per key.
 * Key names are shown without the client's keyPrefix; keys outside it are only counted.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for out-of-range options; nothing is sent.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) naming the node that failed.
 * @example
 * const { namespaces } = await sampleKeyspace(redis, { samples: 2000 });
 * for (const n of namespaces) console.log(n.pattern, n.estimatedCount, n.memory.estimatedTotalBytes);
 */
export async function sampleKeyspace(client: RedisClient, options: KeyspaceSampleOptions = {}): Promise<KeyspaceSummary> {
  const samples = options.samples ?? 1_000;
  const maxNamespaces = options.maxNamespaces ?? 50;
  const exampleKeys = options.exampleKeys ?? 3;
  const batchSize = options.batchSize ?? 100;
  const memorySamples = options.memorySamples ?? 5;
  checkInteger("samples", samples, 1, 100_000);
  checkInteger("maxNamespaces", maxNamespaces, 1, 10_000);
  checkInteger("exampleKeys", exampleKeys, 0, 100);
  checkInteger("batchSize", batchSize, 1, 1_000);
  checkMemorySamples("sampleKeyspace", memorySamples);
  const clientPrefix = keyPrefixOf(client);
  const nodes = diagnosticNodes(client, "sampleKeyspace");
  const sizes = await perNode(nodes, async (node) =>
    Number(replyAt(await execOnNode(node, "sampleKeyspace: DBSIZE", (pipeline) => pipeline.dbsize()), 0, "sampleKeyspace: DBSIZE", node)),
  );
  const allocation = allocateSamples(samples, sizes);
  const sampled = await perNode(nodes, (node) => {
    const index = nodes.indexOf(node);
    return sampleNode(node, allocation[index] ?? 0, { batchSize, memorySamples, clientPrefix, signal: options.signal });
  });
  const draws: KeyDraw[] = [];
  let validDraws = 0;
  let keysOutsidePrefix = 0;
  sampled.forEach(({ drawn, inspections }, index) => {
    // A draw that found a live key stands for DBSIZE / (live draws) keys of its node.
    const live = drawn.filter((key) => inspections.has(key) || !key.startsWith(clientPrefix));
    validDraws += live.length;
    const weight = live.length > 0 ? (sizes[index] ?? 0) / live.length : 0;
    for (const key of live) {
      const inspection = inspections.get(key);
      if (!inspection) keysOutsidePrefix += weight;
      else draws.push({ key: key.slice(clientPrefix.length), weight, ...inspection });
    }
  });
  const { namespaces, other } = summarizeNamespaces(draws, { maxNamespaces, exampleKeys });
  return {
    namespaces,
    other,
    totals: {
      totalKeys: sizes.reduce((total, size) => total + size, 0),
      samples: validDraws,
      sampledKeys: new Set(draws.map((draw) => draw.key)).size,
      keysOutsidePrefix: Math.round(keysOutsidePrefix),
      nodes: nodes.map((node, index) => ({ node: node.address, keys: sizes[index] ?? 0, samples: allocation[index] ?? 0 })),
    },
  };
}
