import { closeRedis, createRedis, isCluster, type RedisClient, RedisMcpError, slotOf } from "@redis-mcp/core";
import { type RedisNode, startRedisCluster, startRedisServer } from "@redis-mcp/test-redis";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../src/index.js";
import { eventually, settlesWithin } from "./support/eventually.js";

// connectTimeoutMs bounds the first connect too (a cluster gets it plus 1 s): room for a loaded machine.
const FAST = { connectTimeoutMs: 3_000, commandTimeoutMs: 500, retry: { initialDelayMs: 20, maxDelayMs: 200 } };
const AOF = ["--appendonly", "yes", "--appendfsync", "always"];
/** A call that has not settled after this long hangs (commandTimeoutMs is 500 ms). */
const HANG_MS = 5_000;

interface Outcomes {
  attempts: number;
  successes: number;
  /** Codes of failures, in order; "HANG" for a call that never settled, "UNCODED" for a foreign error. */
  failures: string[];
}

/**
 * Keeps 4 loops of `inc` going while Redis (or the cluster node owning the metric) is killed and
 * started again; checks every call settles, failures are coded, and writes resume on their own.
 */
async function trafficAcrossRestart(client: RedisClient, node: RedisNode): Promise<{ outcomes: Outcomes; stored: number }> {
  const metrics = createMetrics(client);
  const requests = metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["method", "route", "status"] });
  const outcomes: Outcomes = { attempts: 0, successes: 0, failures: [] };
  let stopping = false;
  const loops = Array.from({ length: 4 }, async (_, loop) => {
    while (!stopping) {
      outcomes.attempts += 1;
      try {
        await settlesWithin(requests.inc({ method: "GET", route: `/${loop}`, status: 200 }), HANG_MS);
        outcomes.successes += 1;
      } catch (error) {
        outcomes.failures.push(RedisMcpError.isInstance(error) ? error.code : /hangs/.test(String(error)) ? "HANG" : "UNCODED");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
  try {
    await eventually(async () => expect(outcomes.successes).toBeGreaterThanOrEqual(100));
    await node.kill();
    await eventually(async () => expect(outcomes.failures.length).toBeGreaterThanOrEqual(8));
    const successesWhileDown = outcomes.successes;
    await node.start();
    await eventually(async () => expect(outcomes.successes).toBeGreaterThanOrEqual(successesWhileDown + 100), 20_000);
  } finally {
    stopping = true;
    await Promise.all(loops);
  }
  const { values } = await requests.get();
  return { outcomes, stored: values.reduce((sum, sample) => sum + sample.value, 0) };
}

function expectBoundedFailuresThenRecovery({ outcomes, stored }: { outcomes: Outcomes; stored: number }): void {
  expect(outcomes.failures.length).toBeGreaterThan(0);
  expect(new Set(outcomes.failures)).toSatisfy((codes: Set<string>) => [...codes].every((code) => ["E_REDIS_UNAVAILABLE", "E_TIMEOUT"].includes(code)));
  // With fsync on every write, everything acknowledged survived the restart; a call that timed out
  // may or may not have been applied.
  expect(stored).toBeGreaterThanOrEqual(outcomes.successes);
  expect(stored).toBeLessThanOrEqual(outcomes.attempts);
}

describe("Redis restarted mid-traffic", () => {
  it("standalone: observations fail fast with coded errors while Redis is down, then succeed again on their own", async () => {
    const server = await startRedisServer({ persistence: "aof" });
    const client = await createRedis({ port: server.port, ...FAST });
    try {
      expectBoundedFailuresThenRecovery(await trafficAcrossRestart(client, server.node));
    } finally {
      await closeRedis(client);
      await server.stop();
    }
  });

  it("cluster: the master holding the metric is killed and started again", async () => {
    const cluster = await startRedisCluster({ args: AOF });
    const client = await createRedis({ cluster: { nodes: cluster.startupNodes }, ...FAST });
    try {
      if (!isCluster(client)) throw new Error("expected a cluster client");
      const owner = client.slots[slotOf("metrics:{requests_total}:series")]?.[0];
      const node = cluster.masters.find((master) => owner?.endsWith(`:${master.port}`));
      if (!node) throw new Error(`no master owns the metric's slot (${owner})`);
      expectBoundedFailuresThenRecovery(await trafficAcrossRestart(client, node));
    } finally {
      await closeRedis(client);
      await cluster.stop();
    }
  });
});
