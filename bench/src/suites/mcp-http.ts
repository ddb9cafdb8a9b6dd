import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { startRedisServer } from "@redis-mcp/test-redis";
import type { ComparisonResult } from "../harness.js";
import { type McpHttpSession, openHttpSession, residentBytes, spawnHttpServer } from "../mcp-http.js";
import { connectStdioServer } from "../mcp-stdio.js";
import { processCpuMicroseconds } from "../process-cpu.js";
import { median, summarize } from "../statistics.js";
import type { Suite } from "../suite.js";

const OUR_SERVER = fileURLToPath(new URL("../../../apps/mcp-server/dist/redis-mcp-server.js", import.meta.url));
const SESSIONS = 64;
const CALLS_PER_SESSION = 200;
const ROUNDS = 5;
const KEYS = 1000;
const VALUE = "value-0123456789";
const HTTP = `Streamable HTTP, ${SESSIONS} sessions`;
const STDIO = `stdio, ${SESSIONS} in flight`;
/** Each SDK client holds a POST in progress and its GET event stream: twice the sessions, with room. */
const MAX_CONCURRENT_REQUESTS = 4 * SESSIONS;

/** What one timed round of a variant measured. */
interface Round {
  callsPerSecond: number;
  /** Server CPU over the round, in microseconds. */
  serverCpu: number;
  /** This process's CPU (the SDK clients) over the round, in microseconds. */
  clientCpu: number;
}

/** Alternating string_set and string_get, as the mcp-server suite does; a failed call stops the run. */
async function callInSequence(client: Client, worker: number, latencies: number[]): Promise<void> {
  for (let index = 0; index < CALLS_PER_SESSION; index++) {
    const key = `bench:${(index + worker * CALLS_PER_SESSION) % KEYS}`;
    const call = index % 2 === 0 ? { name: "string_set", arguments: { key, value: VALUE } } : { name: "string_get", arguments: { key } };
    const started = performance.now();
    const result = await client.callTool(call);
    latencies.push(performance.now() - started);
    if (result.isError) throw new Error(`${call.name} failed: ${JSON.stringify(result.content)}`);
  }
}

/** Runs `work` and measures it: wall time, the server's CPU and this process's CPU. */
async function measured(pid: number, calls: number, work: () => Promise<void>): Promise<Round> {
  const serverBefore = processCpuMicroseconds(pid) ?? 0;
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  return { callsPerSecond: calls / seconds, serverCpu: (processCpuMicroseconds(pid) ?? 0) - serverBefore, clientCpu: client.user + client.system };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);

/**
 * The HTTP transport under load against stdio in the same run: 64 sessions, each initialize then
 * 200 calls, against 64 calls in flight on one stdio connection; calls/s, latency percentiles,
 * CPU per call (server and clients), server RSS, and the memory an idle session holds.
 */
export const suite: Suite = {
  name: "mcp-http",
  description: `redis-mcp-server over Streamable HTTP (${SESSIONS} sessions x ${CALLS_PER_SESSION} calls) vs stdio at the same concurrency: calls/s, p99, CPU, RSS, memory per idle session`,
  async run() {
    if (!existsSync(OUR_SERVER)) throw new Error(`${OUR_SERVER} is missing: build apps/mcp-server first (pnpm build).`);
    const redis = await startRedisServer();
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", REDIS_URL: redis.url };
    const http = await spawnHttpServer([OUR_SERVER, "--http", "--port", "0", "--max-concurrent-requests", String(MAX_CONCURRENT_REQUESTS)], env);
    const stdio = await connectStdioServer({ name: "stdio", args: [OUR_SERVER], env });
    try {
      // Memory per idle session: one session first (code paths warmed), then 64 that stay open.
      await (await openHttpSession(http.url)).close();
      const idleBefore = residentBytes(http.pid);
      const idle: McpHttpSession[] = [];
      for (let index = 0; index < SESSIONS; index++) idle.push(await openHttpSession(http.url));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const idleAfter = residentBytes(http.pid);
      await Promise.all(idle.map((session) => session.close()));

      const calls = SESSIONS * CALLS_PER_SESSION;
      const latencies = new Map<string, number[]>([
        [HTTP, []],
        [STDIO, []],
      ]);
      const rounds = new Map<string, Round[]>([
        [HTTP, []],
        [STDIO, []],
      ]);
      let peakRss = 0;
      const runHttp = async (sink: number[]) => {
        const sessions: McpHttpSession[] = [];
        const round = await measured(http.pid, calls, async () => {
          await Promise.all(
            Array.from({ length: SESSIONS }, async (_, worker) => {
              const session = await openHttpSession(http.url);
              sessions.push(session);
              await callInSequence(session.client, worker, sink);
            }),
          );
        });
        peakRss = Math.max(peakRss, residentBytes(http.pid) ?? 0);
        await Promise.all(sessions.map((session) => session.close()));
        return round;
      };
      const runStdio = (sink: number[]) =>
        measured(stdio.pid, calls, () =>
          Promise.all(Array.from({ length: SESSIONS }, (_, worker) => callInSequence(stdio.client, worker, sink))).then(() => undefined),
        );
      const variants = [
        { name: STDIO, run: runStdio },
        { name: HTTP, run: runHttp },
      ];
      // One untimed round each (JIT, connections), then interleaved rounds, the order rotating.
      for (const variant of variants) await variant.run([]);
      for (let round = 0; round < ROUNDS; round++) {
        for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
          rounds.get(variant.name)?.push(await variant.run(latencies.get(variant.name) ?? []));
        }
      }

      const perCall = (name: string, field: "serverCpu" | "clientCpu") => median((rounds.get(name) ?? []).map((round) => round[field] / calls));
      const throughput = (name: string) => summarize((rounds.get(name) ?? []).map((round) => round.callsPerSecond));
      const stdioMedian = throughput(STDIO).median;
      const describe = (name: string) => {
        const sink = latencies.get(name) ?? [];
        return `${name}: p50 ${percentile(sink, 0.5).toFixed(1)} ms, p99 ${percentile(sink, 0.99).toFixed(1)} ms, server CPU ${perCall(name, "serverCpu").toFixed(0)} µs/call, client CPU ${perCall(name, "clientCpu").toFixed(0)} µs/call`;
      };
      const idleGrowth = idleBefore !== undefined && idleAfter !== undefined ? (idleAfter - idleBefore) / SESSIONS : undefined;
      const lines = [
        "## Streamable HTTP under load",
        describe(STDIO),
        describe(HTTP),
        `HTTP server RSS: ${mib(idleBefore)} after start-up and one session, ${mib(idleAfter)} with ${SESSIONS} idle sessions (${idleGrowth === undefined ? "n/a" : `${(idleGrowth / 1024).toFixed(0)} KiB`} per idle session), ${mib(peakRss)} at most after a loaded round`,
        `HTTP calls/s / stdio calls/s: ${(throughput(HTTP).median / stdioMedian).toFixed(2)} (target >= 0.5)`,
      ];
      process.stdout.write(`${lines.join("\n")}\n\n`);
      const result: ComparisonResult = {
        title: `MCP tool calls per second (string_set/string_get), ${SESSIONS} sessions of ${CALLS_PER_SESSION} calls over HTTP vs ${SESSIONS} in flight over stdio`,
        baseline: STDIO,
        rounds: ROUNDS,
        operations: calls,
        rows: variants.map((variant) => ({
          name: variant.name,
          opsPerSecond: throughput(variant.name),
          ratio: throughput(variant.name).median / stdioMedian,
          reference: false,
        })),
      };
      return [result];
    } finally {
      await stdio.close();
      await http.stop();
      await redis.stop();
    }
  },
};
