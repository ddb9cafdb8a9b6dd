import { createCache } from "@redis-mcp/core";
import { createMetrics } from "@redis-mcp/metrics";
import { createPubSub } from "@redis-mcp/pubsub";
import { describe, expect, it, vi } from "vitest";
import { roundTripsOf, standaloneTarget } from "./support/round-trips.js";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";

describe("round trips and budgets of the application tools", () => {
  const server = serveTarget(standaloneTarget(), ["--max-result-bytes", "16384", "--request-timeout-ms", "60000"]);

  it("reads a cache entry, a metric's series and publishes in one round trip each", async () => {
    const cache = createCache(server.raw, { namespace: "cache", ttlMs: 60_000, l1: false });
    await cache.set("k", { v: 1 });
    await cache.close();
    await createMetrics(server.raw, { prefix: "metrics" }).counter({ name: "hits_total", help: "Hits" }).inc();
    // Warm: the first call of each opens what it keeps (the cache's bus) and loads scripts.
    await server.call("cache_get", { key: "k" });
    await server.call("metric_get", { name: "hits_total" });
    // The fewest of three tries: a connection the warm-up opened (the cache's bus subscriber) may
    // still be finishing its own handshake during the first, and its reads count too.
    const fewest = async (work: () => Promise<unknown>) =>
      Math.min(...[await roundTripsOf(server.raw, work), await roundTripsOf(server.raw, work), await roundTripsOf(server.raw, work)]);
    expect(await fewest(() => server.call("cache_get", { key: "k" }))).toBe(1);
    expect(await fewest(() => server.call("pubsub_publish", { channel: "c", data: 1 }))).toBe(1);
    // The registry's definition, then the series window.
    expect(await fewest(() => server.call("metric_get", { name: "hits_total" }))).toBe(2);
    // Writes: the first of a name reads its registered definition; later ones are one script call.
    await server.call("metric_increment", { name: "hits_total" });
    await server.call("gauge_set", { name: "depth", value: 1 });
    await server.call("histogram_observe", { name: "wait_seconds", values: [0.1] });
    expect(await fewest(() => server.call("metric_increment", { name: "hits_total", by: 2 }))).toBe(1);
    expect(await fewest(() => server.call("gauge_set", { name: "depth", value: 3 }))).toBe(1);
    expect(await fewest(() => server.call("histogram_observe", { name: "wait_seconds", values: [0.2, 0.5, 3] }))).toBe(1);
    expect((await createMetrics(server.raw, { prefix: "metrics" }).summary()).counters.hits_total?.total).toBe(1 + 1 + 3 * 2);
  });

  it("stops collecting at the output budget and says so", async () => {
    const collecting = server.call("pubsub_collect", { channels: ["big"], maxMessages: 1000, waitMs: 30_000 });
    const publisher = createPubSub(server.raw);
    try {
      await vi.waitFor(async () => expect((await publisher.subscriberCounts(["big"])).big).toBe(1));
      for (let index = 0; index < 20; index++) await publisher.publish("big", "x".repeat(500));
      const result = (await collecting).structuredContent as { messages: unknown[]; stoppedBy: string };
      expect(result.stoppedBy).toBe("budget");
      expect(result.messages.length).toBeGreaterThan(0);
      expect(result.messages.length).toBeLessThan(20);
      expect((await publisher.subscriberCounts(["big"])).big).toBe(0);
    } finally {
      await publisher.close();
    }
  });

  it("refuses a metrics summary over the budget with what to do instead", async () => {
    const metrics = createMetrics(server.raw, { prefix: "metrics" });
    for (let index = 0; index < 300; index++) metrics.gauge({ name: `gauge_number_${index}`, help: "A gauge" });
    await metrics.flush();
    expect(textOf(await server.call("metrics_summary", {}))).toMatch(/E_BUDGET.*metric_get/);
    const exported = (await server.call("metrics_export", {})).structuredContent as { text: string; truncated: boolean; bytes: number };
    expect(exported.truncated).toBe(true);
    expect(exported.text.endsWith("\n")).toBe(true);
    expect(exported.bytes).toBeGreaterThan(exported.text.length);
  });
});
