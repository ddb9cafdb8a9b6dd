import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { type ComparisonResult, compare, type Variant } from "../harness.js";
import { connectStdioServer, type McpStdioConnection, type StdioServerCommand } from "../mcp-stdio.js";
import { CpuMeter } from "../process-cpu.js";
import { median, summarize } from "../statistics.js";
import type { Suite } from "../suite.js";

const OUR_SERVER = fileURLToPath(new URL("../../../apps/mcp-server/dist/redis-mcp-server.js", import.meta.url));
/** Path to @modelcontextprotocol/server-redis's dist/index.js (bin `mcp-server-redis`, Redis URL as its argument). */
const REFERENCE_VARIABLE = "REDIS_MCP_REFERENCE_SERVER";
const OURS = "redis-mcp-server";
const REFERENCE = "@modelcontextprotocol/server-redis";

const IN_FLIGHT = 32;
const KEYS = 1000;
const VALUE = "value-0123456789";
/** Keys the stand-in workload lists: both servers return all of them in one call. */
const STAND_IN_KEYS = 100;
// One tool call is a JSON-RPC round trip through two processes: far slower than a Redis command,
// so fewer operations per round than the Redis suites, and more rounds to steady the medians.
const SEQUENTIAL = { rounds: 21, operations: 500 };
const CONCURRENT = { rounds: 15, operations: 2_000 };
/** Start-ups per server; odd, so the median is one measured start-up. */
const START_UPS = 15;
const TOOLS_LIST_TARGET_BYTES = 32 * 1024;

/** One tools/call. */
interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** The call a worker makes as its `index`-th operation; `offset` spreads workers over the keys. */
type Workload = (index: number, offset: number) => ToolCall;

/** Alternating set and get on a small key set, as the ioredis suite does: one operation is one tool call. */
function setGet(setTool: string, getTool: string): Workload {
  return (index, offset) => {
    const key = `bench:${(index + offset) % KEYS}`;
    return index % 2 === 0 ? { name: setTool, arguments: { key, value: VALUE } } : { name: getTool, arguments: { key } };
  };
}

/** The same listing on both servers while string_set/string_get do not exist yet. */
function listKeys(tool: "scan_keys" | "list"): Workload {
  return () => ({ name: tool, arguments: tool === "scan_keys" ? { pattern: "bench:*", limit: STAND_IN_KEYS } : { pattern: "bench:*" } });
}

/** Makes `operations` calls one after another; a failed call stops the run (an error reply would look fast). */
async function callInSequence(connection: McpStdioConnection, workload: Workload, operations: number, offset = 0): Promise<void> {
  for (let index = 0; index < operations; index++) {
    const call = workload(index, offset);
    const result = await connection.client.callTool(call);
    if (result.isError) throw new Error(`${call.name} failed: ${JSON.stringify(result.content)}`);
  }
}

function sequential(connection: McpStdioConnection, workload: Workload): Variant["run"] {
  return (operations) => callInSequence(connection, workload, operations);
}

/** `IN_FLIGHT` sequential workers on one connection: up to 32 calls in flight. */
function inFlight(connection: McpStdioConnection, workload: Workload): Variant["run"] {
  return async (operations) => {
    const share = Math.ceil(operations / IN_FLIGHT);
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, worker) => callInSequence(connection, workload, share, worker * share)));
  };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Spawn to initialized (initialize answered, initialized sent), in interleaved rounds; the stop
 * after each start-up is not timed. Rows are start-ups per second so the table reads like the
 * others; the title carries the medians in milliseconds and the time ratio.
 */
async function startUps(commands: readonly StdioServerCommand[], baseline: string): Promise<ComparisonResult> {
  // One untimed start-up each: the first spawn pays for cold file caches.
  for (const command of commands) await (await connectStdioServer(command)).close();
  const samples = new Map<string, number[]>(commands.map((command) => [command.name, []]));
  for (let round = 0; round < START_UPS; round++) {
    for (const command of rotate(commands, round)) {
      const started = process.hrtime.bigint();
      const connection = await connectStdioServer(command);
      samples.get(command.name)?.push(Number(process.hrtime.bigint() - started) / 1e6);
      await connection.close();
    }
  }
  const milliseconds = (name: string) => median(samples.get(name) ?? []);
  const rows = commands.map((command) => ({
    name: command.name,
    opsPerSecond: summarize((samples.get(command.name) ?? []).map((ms) => 1000 / ms)),
    ratio: milliseconds(baseline) / milliseconds(command.name),
    reference: false,
  }));
  const medians = commands.map((command) => `${command.name} ${milliseconds(command.name).toFixed(0)} ms`).join(", ");
  const timeRatio = commands.length > 1 ? `; time ratio ours / reference ${(milliseconds(OURS) / milliseconds(baseline)).toFixed(2)} (target <= 1.0)` : "";
  return {
    title: `start-up to initialized (spawn + initialize), start-ups per second. Median time: ${medians}${timeRatio}`,
    baseline,
    rounds: START_UPS,
    operations: 1,
    rows,
  };
}

/**
 * Server CPU per call, ours and the reference's, for the table's title: throughput on a 2-core
 * machine moves with whatever else runs; the CPU a server spends per call does not.
 */
function serverCpuNote(meters: ReadonlyMap<string, CpuMeter>): string {
  const ours = meters.get(OURS)?.perOperation();
  const theirs = meters.get(REFERENCE)?.perOperation();
  if (ours === undefined) return "";
  const reference = theirs === undefined ? "" : `, ${REFERENCE} ${theirs.toFixed(0)} µs (ours / reference ${(ours / theirs).toFixed(2)})`;
  return `. Server CPU per call: ${OURS} ${ours.toFixed(0)} µs${reference}`;
}

/**
 * This server against the archived reference server (@modelcontextprotocol/server-redis) on the same
 * spawned Redis, both over stdio from the same MCP SDK client: tool calls per second one at a time
 * and 32 in flight, time to initialized, and the size of our tools/list.
 */
export const suite: Suite = {
  name: "mcp-server",
  description: `string_set/string_get calls vs ${REFERENCE} set/get (sequential, ${IN_FLIGHT} in flight), start-up, tools/list size`,
  async run() {
    if (!existsSync(OUR_SERVER)) throw new Error(`${OUR_SERVER} is missing: build apps/mcp-server first (pnpm build).`);
    // The reference server is a pinned devDependency of bench; REDIS_MCP_REFERENCE_SERVER points elsewhere.
    const referencePath =
      process.env[REFERENCE_VARIABLE] ?? join(dirname(createRequire(import.meta.url).resolve(`${REFERENCE}/package.json`)), "dist", "index.js");
    if (!existsSync(referencePath)) {
      throw new Error(`${referencePath} does not exist: run pnpm install (bench depends on ${REFERENCE}), or set ${REFERENCE_VARIABLE} to its dist/index.js.`);
    }

    const server = await startRedisServer();
    const seed = new Redis(server.port);
    const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };
    const ours: StdioServerCommand = { name: OURS, args: [OUR_SERVER], env: { ...base, REDIS_URL: server.url } };
    const reference: StdioServerCommand = { name: REFERENCE, args: [referencePath, server.url], env: base };
    const connections: McpStdioConnection[] = [];
    try {
      const our = await connectStdioServer(ours);
      connections.push(our);
      const theirs = reference ? await connectStdioServer(reference) : undefined;
      if (theirs) connections.push(theirs);

      const ourTools = await our.client.listTools();
      const theirTools = theirs ? await theirs.client.listTools() : undefined;
      const ourNames = new Set(ourTools.tools.map((tool) => tool.name));
      const strings = ourNames.has("string_set") && ourNames.has("string_get");
      if (!strings) {
        process.stdout.write("Note: string_set/string_get are not in this build; scan_keys vs the reference's list (KEYS) stands in for set/get.\n\n");
        const pipeline = seed.pipeline();
        for (let index = 0; index < STAND_IN_KEYS; index++) pipeline.set(`bench:${index}`, VALUE);
        await pipeline.exec();
      }
      const ourWorkload = strings ? setGet("string_set", "string_get") : listKeys("scan_keys");
      const theirWorkload = strings ? setGet("set", "get") : listKeys("list");
      const what = strings ? "string_set/string_get vs set/get" : "stand-in: scan_keys vs list";
      const baseline = theirs ? REFERENCE : OURS;
      const comparison = async (concurrent: boolean, title: string): Promise<ComparisonResult> => {
        const run = concurrent ? inFlight : sequential;
        const meters = new Map([[OURS, new CpuMeter(our.pid)], ...(theirs ? [[REFERENCE, new CpuMeter(theirs.pid)] as const] : [])]);
        const variants: Variant[] = [{ name: OURS, run: run(our, ourWorkload) }, ...(theirs ? [{ name: REFERENCE, run: run(theirs, theirWorkload) }] : [])].map(
          (variant) => ({ name: variant.name, run: meters.get(variant.name)?.wrap(variant.run) ?? variant.run }),
        );
        const result = await compare({ title, baseline, ...(concurrent ? CONCURRENT : SEQUENTIAL), variants });
        return { ...result, title: `${title}${serverCpuNote(meters)}` };
      };

      const results = [
        await comparison(false, `MCP tool calls per second, one at a time (${what})`),
        await comparison(true, `MCP tool calls per second, ${IN_FLIGHT} in flight (${what})`),
      ];
      // The long-lived servers are stopped before the start-ups, which spawn their own.
      for (const connection of connections.splice(0)) await connection.close();
      results.push(await startUps(reference ? [ours, reference] : [ours], baseline));

      const listBytes = Buffer.byteLength(JSON.stringify(ourTools));
      const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
      const lines = [
        "## tools/list result size, default toolsets",
        `${OURS}: ${listBytes.toLocaleString("en-US")} bytes (${kib(listBytes)}, ${ourTools.tools.length} tools); target <= ${kib(TOOLS_LIST_TARGET_BYTES)}: ${listBytes <= TOOLS_LIST_TARGET_BYTES ? "met" : "NOT met"}`,
      ];
      if (theirTools)
        lines.push(`${REFERENCE}: ${Buffer.byteLength(JSON.stringify(theirTools)).toLocaleString("en-US")} bytes (${theirTools.tools.length} tools)`);
      process.stdout.write(`${lines.join("\n")}\n\n`);
      return results;
    } finally {
      for (const connection of connections) await connection.close();
      seed.disconnect();
      await server.stop();
    }
  },
};
