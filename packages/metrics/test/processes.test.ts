import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { topologies } from "./support/topologies.js";

const builtIndex = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const workerScript = fileURLToPath(new URL("./fixtures/metrics-worker.mjs", import.meta.url));
const PROCESSES = 8;
const ITERATIONS = 300;

/** Runs one worker process to completion; rejects with its output when it fails. */
function runWorker(connection: object, worker: number, flushIntervalMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerScript, builtIndex, JSON.stringify(connection), String(worker), String(ITERATIONS), String(flushIntervalMs)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 && output.includes('"done":true') ? resolve() : reject(new Error(`worker ${worker} exited ${code}: ${output}`))));
  });
}

describe.each(topologies)("8 processes on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("add up exactly: counters, histogram buckets, sums and counts, gauge increments", async () => {
    if (!existsSync(builtIndex)) throw new Error(`${builtIndex} is missing: run \`pnpm --filter @redis-mcp/metrics build\` first (pnpm test builds it).`);
    const connection = await topology.address();
    // Half the processes write each observation, half sum locally and flush (every 20 ms, and on close).
    await Promise.all(Array.from({ length: PROCESSES }, (_, worker) => runWorker(connection, worker, worker % 2 === 0 ? 0 : 20)));

    const metrics = createMetrics(redis);
    const text = await metrics.metrics();
    // Each process: 300 iterations over 3 routes (100 each), alternating GET and POST.
    for (const route of ["/", "/cart", "/checkout"]) {
      expect(text).toContain(`http_requests_total{method="GET",route="${route}",status="200"} ${PROCESSES * 50}\n`);
      expect(text).toContain(`http_requests_total{method="POST",route="${route}",status="200"} ${PROCESSES * 50}\n`);
    }
    // Values cycle 0, 0.25, 0.5, 0.75 over iterations; per route, index % 4 follows the route's own cycle.
    const perRoute = new Map<string, number[]>();
    for (let index = 0; index < ITERATIONS; index++) {
      const route = ["/", "/cart", "/checkout"][index % 3] as string;
      perRoute.set(route, [...(perRoute.get(route) ?? []), (index % 4) * 0.25]);
    }
    for (const [route, values] of perRoute) {
      const atMost = (bound: number) => values.filter((value) => value <= bound).length * PROCESSES;
      expect(text).toContain(`http_request_duration_seconds_bucket{route="${route}",le="0.1"} ${atMost(0.1)}\n`);
      expect(text).toContain(`http_request_duration_seconds_bucket{route="${route}",le="0.5"} ${atMost(0.5)}\n`);
      expect(text).toContain(`http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${values.length * PROCESSES}\n`);
      expect(text).toContain(`http_request_duration_seconds_sum{route="${route}"} ${values.reduce((sum, value) => sum + value, 0) * PROCESSES}\n`);
      expect(text).toContain(`http_request_duration_seconds_count{route="${route}"} ${values.length * PROCESSES}\n`);
    }
    expect(text).toContain(`in_flight{worker_group="all"} ${PROCESSES}\n`);
    const summary = await metrics.summary();
    expect(summary.counters.http_requests_total?.total).toBe(PROCESSES * ITERATIONS);
    expect(summary.histograms.http_request_duration_seconds?.count).toBe(PROCESSES * ITERATIONS);
  });
});
