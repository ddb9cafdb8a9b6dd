import { encodeValue } from "@redis-mcp/core/data";
import { addToBloomFilter, checkBloomFilter, hyperLogLogAdd, hyperLogLogCount, hyperLogLogMerge } from "@redis-mcp/core/probabilistic";
import { z } from "zod";
import { defineTool } from "../tools/define-tool.js";
import { keyName, valueEncoding } from "./schemas.js";

const DEFAULT_CAPACITY = 100_000;
const DEFAULT_ERROR_RATE = 0.01;

const element = z.string().max(4096);
const elements = z.array(element).min(1).max(1000);
const filterName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^{}]+$/, "must not contain { or }: the filter's keys get their own hash tag")
  .describe("filter name");
const capacity = z.number().int().min(1).max(1_000_000_000).default(DEFAULT_CAPACITY);
const errorRate = z.number().min(1e-12).lt(1).default(DEFAULT_ERROR_RATE);

/** Elements as bytes: text as is, base64 decoded (rejected with a next step when malformed). */
function toBytes(values: readonly string[], encoding: "utf8" | "base64"): (string | Buffer)[] {
  return encoding === "utf8" ? [...values] : values.map((value) => encodeValue({ encoding, value }));
}

export const hllAdd = defineTool({
  name: "hll_add",
  toolset: "probabilistic",
  tier: "write",
  title: "Add to HyperLogLog",
  description: "Add elements to a HyperLogLog (distinct-count estimator), creating it; changed says whether the estimate moved.",
  idempotent: true,
  input: { key: keyName, elements, encoding: valueEncoding },
  output: { key: z.string(), changed: z.boolean() },
  async run(input, context) {
    return { structured: { key: input.key, changed: await hyperLogLogAdd(context.redis, input.key, toBytes(input.elements, input.encoding)) } };
  },
});

export const hllCount = defineTool({
  name: "hll_count",
  toolset: "probabilistic",
  tier: "read",
  title: "Count HyperLogLog",
  description: "Estimated distinct elements (~0.81% error) of one HyperLogLog, or of the union of several (same hash tag on a cluster).",
  idempotent: true,
  input: { keys: z.array(keyName).min(1).max(100) },
  output: { keys: z.array(z.string()), count: z.number() },
  async run(input, context) {
    return { structured: { keys: input.keys, count: await hyperLogLogCount(context.redis, input.keys) } };
  },
});

export const hllMerge = defineTool({
  name: "hll_merge",
  toolset: "probabilistic",
  tier: "write",
  title: "Merge HyperLogLogs",
  description: "Merge source HyperLogLogs into destination (keeping its own elements); returns the merged estimate.",
  idempotent: true,
  input: { destination: keyName, sources: z.array(keyName).min(1).max(100) },
  output: { destination: z.string(), count: z.number() },
  async run(input, context) {
    return { structured: { destination: input.destination, count: await hyperLogLogMerge(context.redis, input.destination, input.sources) } };
  },
});

export const bloomAdd = defineTool({
  name: "bloom_add",
  toolset: "probabilistic",
  tier: "write",
  title: "Add to Bloom filter",
  description: "Add items to a Bloom filter (created on first use with capacity and errorRate); added is true where an item was new.",
  idempotent: true,
  input: {
    name: filterName,
    items: elements,
    capacity: capacity.describe("items it is sized for (on creation)"),
    errorRate: errorRate.describe("false-positive rate at capacity (on creation)"),
    encoding: valueEncoding,
  },
  output: { name: z.string(), implementation: z.string(), added: z.array(z.boolean()) },
  async run(input, context) {
    // Decode first: malformed items must not leave a new, empty filter behind.
    const items = toBytes(input.items, input.encoding);
    // An existing filter keeps its own sizing; capacity and errorRate only shape a new one.
    const { implementation, added } = await addToBloomFilter(context.redis, input.name, items, { capacity: input.capacity, errorRate: input.errorRate });
    return { structured: { name: input.name, implementation, added } };
  },
});

export const bloomCheck = defineTool({
  name: "bloom_check",
  toolset: "probabilistic",
  tier: "read",
  title: "Check Bloom filter",
  description: "Check items against a Bloom filter (false = never added, true = probably).",
  idempotent: true,
  input: { name: filterName, items: elements, encoding: valueEncoding },
  output: { name: z.string(), exists: z.boolean(), present: z.array(z.boolean()) },
  async run(input, context) {
    const items = toBytes(input.items, input.encoding);
    // A read never creates a filter: a missing one has seen nothing.
    const { exists, present } = await checkBloomFilter(context.redis, input.name, items);
    return { structured: { name: input.name, exists, present } };
  },
});

/** The probabilistic toolset. */
export const PROBABILISTIC_TOOLS = [hllAdd, hllCount, hllMerge, bloomAdd, bloomCheck];
