import { defineScript } from "@redis-mcp/core";
import { createMetrics } from "@redis-mcp/metrics";
import { startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import { Counter as PromCounter, Gauge as PromGauge, Registry } from "prom-client";
import { compare } from "../harness.js";
import type { Suite } from "../suite.js";

const IN_FLIGHT = 32;
const noOp = defineScript({ name: "bench_no_op", keys: 4, lua: "return {1, 1}" });
const METHODS = ["GET", "POST", "PUT"];
const ROUTES = ["/", "/cart", "/checkout", "/search"];
const STATUSES = ["200", "404", "500"];

/** The label set of the n-th increment: 36 combinations, as a small web service has. */
function labelsOf(index: number): { method: string; route: string; status: string } {
  return {
    method: METHODS[index % METHODS.length] as string,
    route: ROUTES[Math.floor(index / 3) % ROUTES.length] as string,
    status: STATUSES[Math.floor(index / 12) % STATUSES.length] as string,
  };
}

/**
 * The seed's `counters.increment(metric, value, tags)`, faithfully: INCRBY the total, ZADD the
 * value under the current minute into a time-series sorted set, then INCRBY one key per tag, each
 * awaited in turn (5 round trips for 3 tags). Only here, as the baseline; never in the package.
 */
async function seedIncrement(redis: Redis, metric: string, value: number, tags: Record<string, string>): Promise<void> {
  const key = `metrics:counter:${metric}`;
  await redis.incrby(key, value);
  const timestamp = Math.floor(Date.now() / 60000) * 60;
  await redis.zadd(`${key}:timeseries`, timestamp, value);
  for (const [tagKey, tagValue] of Object.entries(tags)) {
    await redis.incrby(`${key}:tag:${tagKey}:${tagValue}`, value);
  }
}

/** Runs `operations` calls of `step` in `loops` concurrent awaiting loops. */
async function inLoops(operations: number, loops: number, step: (index: number, loop: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (next < operations) {
        const index = next++;
        await step(index, loop);
      }
    }),
  );
}

const SERIES_METRICS = 10;
const SERIES_PER_METRIC = 100;

/**
 * @redis-mcp/metrics against what it replaces and what Node users know:
 * 1. Counter increments with 3 labels plus the per-minute time series, against the seed's naive
 *    pattern (5 awaited commands), on the same server and the same plain ioredis client, one at a
 *    time and 32 in flight. Ours writes the current value, the minute and the hour rollup in one
 *    script call; with 32 in flight, the increments of one tick share a call (a library feature);
 *    the "separate objects" row shows the per-call cost without that sharing. A no-op script
 *    with the same keys and arguments shows the floor of any one-script design on this client.
 * 2. Export of 1,000 series (10 counters and gauges x 100 label sets) in the Prometheus text
 *    format: ours reads them from Redis (2 round trips), prom-client's `register.metrics()` formats
 *    the same series held in its process. The ratio is the price of fleet-wide numbers.
 */
export const suite: Suite = {
  name: "metrics",
  description: "counter inc with 3 labels + time series vs the seed's 5 awaited commands; export of 1,000 series vs prom-client's register.metrics()",
  async run() {
    const server = await startRedisServer();
    const redis = new Redis(server.port);
    try {
      const metrics = createMetrics(redis, { prefix: "bench" });
      const requests = metrics.counter({ name: "http_requests_total", help: "Requests", labelNames: ["method", "route", "status"] });
      const separate = Array.from({ length: IN_FLIGHT }, () =>
        createMetrics(redis, { prefix: "bench" }).counter({ name: "http_requests_total", help: "Requests", labelNames: ["method", "route", "status"] }),
      );
      const aggregated = createMetrics(redis, { prefix: "bench-local", flushIntervalMs: 1_000 });
      const aggregatedRequests = aggregated.counter({ name: "http_requests_total", help: "Requests", labelNames: ["method", "route", "status"] });
      await metrics.flush();

      const oneAtATime = await compare({
        title: "counter inc with 3 labels + per-minute time series, one at a time (increments per second)",
        baseline: "seed: INCRBY + ZADD + 3 tag INCRBYs, awaited",
        variants: [
          {
            name: "@redis-mcp/metrics counter.inc(labels)",
            async run(operations) {
              for (let index = 0; index < operations; index++) await requests.inc(labelsOf(index));
            },
          },
          {
            name: "seed: INCRBY + ZADD + 3 tag INCRBYs, awaited",
            async run(operations) {
              for (let index = 0; index < operations; index++) await seedIncrement(redis, "http_requests", 1, labelsOf(index));
            },
          },
          {
            // The floor of any one-script design on this client: the same call with no work in it.
            name: "no-op EVALSHA, same keys and arguments (floor of one script call)",
            async run(operations) {
              const minute = Date.now() - (Date.now() % 60_000);
              const keys = [
                "bench:{http_requests_total}:series",
                "bench:{http_requests_total}:values",
                `bench:{http_requests_total}:m:${minute}`,
                "bench:{http_requests_total}:h:0",
              ];
              for (let index = 0; index < operations; index++) {
                const args = ["1", "1", "0123456789abcdef", "1000", "", JSON.stringify(Object.values(labelsOf(index))), "i", "1", ""];
                await noOp.run(redis, keys, args);
              }
            },
          },
          {
            name: "@redis-mcp/metrics with flushIntervalMs (local sums; for reference)",
            async run(operations) {
              for (let index = 0; index < operations; index++) await aggregatedRequests.inc(labelsOf(index));
            },
          },
        ],
      });

      const concurrent = await compare({
        title: `counter inc with 3 labels + per-minute time series, ${IN_FLIGHT} in flight (increments per second)`,
        baseline: "seed: INCRBY + ZADD + 3 tag INCRBYs, awaited",
        variants: [
          {
            name: "@redis-mcp/metrics counter.inc(labels)",
            run: (operations) => inLoops(operations, IN_FLIGHT, (index) => requests.inc(labelsOf(index))),
          },
          {
            name: `@redis-mcp/metrics, ${IN_FLIGHT} separate objects (no shared calls)`,
            run: (operations) => inLoops(operations, IN_FLIGHT, (index, loop) => (separate[loop] as typeof requests).inc(labelsOf(index))),
          },
          {
            name: "seed: INCRBY + ZADD + 3 tag INCRBYs, awaited",
            run: (operations) => inLoops(operations, IN_FLIGHT, (index) => seedIncrement(redis, "http_requests", 1, labelsOf(index))),
          },
        ],
      });
      await aggregated.close();

      // The same 1,000 series in Redis (through our metrics) and in a prom-client registry.
      const exported = createMetrics(redis, { prefix: "export" });
      const registry = new Registry();
      for (let metric = 0; metric < SERIES_METRICS; metric++) {
        const isCounter = metric % 2 === 0;
        const name = isCounter ? `export_counter_${metric}_total` : `export_gauge_${metric}`;
        const configuration = { name, help: `Metric ${metric}`, labelNames: ["method", "route", "instance"] as const };
        const ours = isCounter ? exported.counter(configuration) : exported.gauge(configuration);
        const theirs = isCounter ? new PromCounter({ ...configuration, registers: [registry] }) : new PromGauge({ ...configuration, registers: [registry] });
        const writes: Promise<void>[] = [];
        for (let series = 0; series < SERIES_PER_METRIC; series++) {
          const labels = { method: METHODS[series % 3] as string, route: `/route/${series}`, instance: `host-${series % 7}` };
          if (ours.type === "counter") writes.push(ours.inc(labels, series + 1));
          else writes.push(ours.set(labels, series * 1.5));
          if (theirs instanceof PromCounter) theirs.inc(labels, series + 1);
          else theirs.set(labels, series * 1.5);
        }
        await Promise.all(writes);
      }
      await exported.flush();
      const sampleLines = (text: string) => text.split("\n").filter((line) => line !== "" && !line.startsWith("#")).length;
      const [oursText, theirsText] = [await exported.metrics(), await registry.metrics()];
      // Both sides must export the same series, or the comparison means nothing.
      if (sampleLines(oursText) !== SERIES_METRICS * SERIES_PER_METRIC || sampleLines(theirsText) !== SERIES_METRICS * SERIES_PER_METRIC) {
        throw new Error(`export mismatch: ours ${sampleLines(oursText)} samples, prom-client ${sampleLines(theirsText)}`);
      }
      const exports = await compare({
        title: `export of ${(SERIES_METRICS * SERIES_PER_METRIC).toLocaleString("en-US")} series in the text format (exports per second)`,
        baseline: "prom-client 15 register.metrics() (in process)",
        operations: 50,
        variants: [
          {
            name: "@redis-mcp/metrics metrics() (from Redis)",
            async run(operations) {
              for (let index = 0; index < operations; index++) await exported.metrics();
            },
          },
          {
            name: "prom-client 15 register.metrics() (in process)",
            async run(operations) {
              for (let index = 0; index < operations; index++) await registry.metrics();
            },
          },
        ],
      });
      return [oneAtATime, concurrent, exports];
    } finally {
      redis.disconnect();
      await server.stop();
    }
  },
};
