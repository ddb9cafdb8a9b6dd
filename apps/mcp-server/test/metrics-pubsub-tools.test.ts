import { createMetrics } from "@redis-mcp/metrics";
import { createPubSub, type PubSubMessage } from "@redis-mcp/pubsub";
import { afterAll, describe, expect, it, vi } from "vitest";
import { publisherBeside } from "./support/publish-path.js";
import { textOf } from "./support/server-process.js";
import { serveTarget } from "./support/target-server.js";
import { TARGETS } from "./support/topologies.js";

describe.each(TARGETS)("metrics and pubsub toolsets on $name", ({ target }) => {
  const server = serveTarget(target, ["--metrics-prefix", "shop"]);
  const call = server.call;
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(() => Promise.all(closers.map((close) => close())));

  /** The application's own pub/sub instance. */
  function appPubSub() {
    const pubsub = createPubSub(server.raw);
    closers.push(() => pubsub.close());
    return pubsub;
  }

  it("writes into the application's own series and reads them back", async () => {
    const metrics = createMetrics(server.raw, { prefix: "shop" });
    await metrics.counter({ name: "requests_total", help: "Requests", labelNames: ["route", "method"] }).inc({ route: "/", method: "GET" }, 2);
    await metrics.histogram({ name: "latency_seconds", help: "Latency", buckets: [0.1, 1] }).observe(0.05);

    // Labels in another order than the app's: the tool uses the registered label names.
    expect((await call("metric_increment", { name: "requests_total", labels: { method: "GET", route: "/" }, by: 3 })).structuredContent).toEqual({
      name: "requests_total",
      added: 3,
    });
    expect((await call("gauge_set", { name: "queue_depth", labels: { queue: "emails" }, value: 7 })).structuredContent).toEqual({
      name: "queue_depth",
      value: 7,
    });
    expect((await call("histogram_observe", { name: "latency_seconds", values: [0.5, 2] })).structuredContent).toEqual({
      name: "latency_seconds",
      observed: 2,
    });

    const summary = await createMetrics(server.raw, { prefix: "shop" }).summary();
    expect(summary.counters.requests_total).toMatchObject({ total: 5, series: 1 });
    expect(summary.gauges.queue_depth).toMatchObject({ value: 7, series: 1 });
    expect(summary.histograms.latency_seconds).toMatchObject({ count: 3, series: 1 });
    expect(await metrics.definition("queue_depth")).toMatchObject({ type: "gauge", labelNames: ["queue"] });

    const series = (await call("metric_get", { name: "requests_total", labels: { route: "/", method: "GET" }, windowMs: 600_000 })).structuredContent as {
      type: string;
      points: { increase: number }[];
    };
    expect(series.type).toBe("counter");
    expect(series.points.reduce((sum, point) => sum + point.increase, 0)).toBe(5);
    const toolSummary = (await call("metrics_summary", {})).structuredContent as { counters: Record<string, { total: number }> };
    expect(toolSummary.counters.requests_total?.total).toBe(5);
    const exported = (await call("metrics_export", {})).structuredContent as { text: string; truncated: boolean };
    expect(exported.truncated).toBe(false);
    expect(exported.text).toContain('requests_total{route="/",method="GET"} 5');
    expect(exported.text).toContain('queue_depth{queue="emails"} 7');
  });

  it("refuses writes that do not fit the registered metric, and bad names", async () => {
    const metrics = createMetrics(server.raw, { prefix: "shop" });
    await metrics.gauge({ name: "temperature", help: "Temperature" }).set(20);
    await metrics.histogram({ name: "size_bytes", help: "Size", buckets: [10, 100] }).observe(5);
    expect(textOf(await call("metric_increment", { name: "temperature" }))).toMatch(/temperature is a gauge.*use gauge_set/);
    expect(textOf(await call("histogram_observe", { name: "size_bytes", values: [1], buckets: [5] }))).toMatch(/buckets \[10, 100\]/);
    expect((await call("metric_increment", { name: "temperature", labels: { room: "a" } })).isError).toBe(true);
    expect((await call("metric_increment", { name: "bad name" })).isError).toBe(true);
    expect(textOf(await call("metric_get", { name: "never_registered" }))).toMatch(/E_METRIC_NOT_FOUND/);
    expect((await call("metric_increment", { name: "requests_total", by: -1 })).isError).toBe(true);
    expect((await createMetrics(server.raw, { prefix: "shop" }).summary()).gauges.temperature?.value).toBe(20);
  });

  it("follows a metric deleted and defined again elsewhere after the server wrote it", async () => {
    const metrics = createMetrics(server.raw, { prefix: "shop" });
    expect((await call("metric_increment", { name: "jobs_total", labels: { queue: "mail" } })).isError).toBeFalsy();
    // The application retires the counter and defines it again with other labels.
    await metrics.deleteMetric("jobs_total");
    await metrics.counter({ name: "jobs_total", help: "Jobs", labelNames: ["queue", "outcome"] }).inc({ queue: "mail", outcome: "ok" });
    expect((await call("metric_increment", { name: "jobs_total", labels: { queue: "mail", outcome: "failed" }, by: 2 })).isError).toBeFalsy();
    expect(await metrics.getSingleMetric("jobs_total")?.get()).toMatchObject({
      values: expect.arrayContaining([
        expect.objectContaining({ labels: { queue: "mail", outcome: "ok" }, value: 1 }),
        expect.objectContaining({ labels: { queue: "mail", outcome: "failed" }, value: 2 }),
      ]),
    });
    // And then as a gauge: the counter tool says which tool writes it, the gauge tool writes it.
    await metrics.deleteMetric("jobs_total");
    const gauges = createMetrics(server.raw, { prefix: "shop" });
    await gauges.gauge({ name: "jobs_total", help: "Jobs now" }).set(4);
    expect(textOf(await call("metric_increment", { name: "jobs_total" }))).toMatch(/jobs_total is a gauge.*use gauge_set/);
    expect((await call("gauge_set", { name: "jobs_total", value: 9 })).isError).toBeFalsy();
    expect((await createMetrics(server.raw, { prefix: "shop" }).summary()).gauges.jobs_total?.value).toBe(9);
  });

  it("completes metric names from the registry", async () => {
    const metrics = createMetrics(server.raw, { prefix: "shop" });
    metrics.counter({ name: "orders_total", help: "Orders" });
    metrics.counter({ name: "orders_failed_total", help: "Failed" });
    metrics.gauge({ name: "stock", help: "Stock" });
    await metrics.flush();
    const completion = await server.connection.client.complete({
      ref: { type: "ref/resource", uri: "redis://metric/{name}" },
      argument: { name: "name", value: "orders" },
    });
    expect(completion.completion.values.sort()).toEqual(["orders_failed_total", "orders_total"]);
    const read = await server.connection.client.readResource({ uri: "redis://metric/stock" });
    expect(JSON.parse(String((read.contents[0] as { text: string }).text))).toMatchObject({ name: "stock", type: "gauge" });
  });

  it("publishes in the envelope the application's subscribers read", async () => {
    const pubsub = appPubSub();
    const received: PubSubMessage[] = [];
    await pubsub.subscribe("orders", (message) => {
      received.push(message);
    });
    const published = await call("pubsub_publish", { channel: "orders", data: { orderId: 7 } });
    // On a cluster PUBLISH counts the subscribers of the node that took it only.
    expect(published.structuredContent).toEqual({ receivers: server.name === "cluster" ? expect.any(Number) : 1 });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await pubsub.close();
    expect(received[0]).toMatchObject({ channel: "orders", data: { orderId: 7 }, id: expect.any(String), timestamp: expect.any(Number) });
    expect((await call("pubsub_publish", { channel: "", data: 1 })).isError).toBe(true);
    expect((await call("pubsub_publish", { channel: "orders" })).isError).toBe(true);
  });

  it("lists channels with subscriber counts and completes their names", async () => {
    const pubsub = appPubSub();
    await pubsub.subscribe(["orders", "ordinals"], () => undefined);
    const second = appPubSub();
    await second.subscribe("orders", () => undefined);
    const listed = (await call("pubsub_channels", { pattern: "ord*" })).structuredContent as { channels: { name: string; subscribers: number }[] };
    expect(listed.channels.sort((left, right) => (left.name < right.name ? -1 : 1))).toEqual([
      { name: "orders", subscribers: 2 },
      { name: "ordinals", subscribers: 1 },
    ]);
    const completion = await server.connection.client.complete({
      ref: { type: "ref/resource", uri: "redis://channel/{channel}" },
      argument: { name: "channel", value: "ord" },
    });
    expect(completion.completion.values.sort()).toEqual(["orders", "ordinals"].sort());
    expect((await call("pubsub_channels", { limit: 0 })).isError).toBe(true);
    await Promise.all([pubsub.close(), second.close()]);
  });

  it("a cancelled collect unsubscribes", async () => {
    const publisher = appPubSub();
    const controller = new AbortController();
    const collecting = server.connection.client
      .callTool({ name: "pubsub_collect", arguments: { channels: ["cancelled"], patterns: ["cancelled.*"], waitMs: 60_000 } }, undefined, {
        signal: controller.signal,
      })
      .then(
        () => "answered",
        () => "cancelled",
      );
    await vi.waitFor(async () => expect((await publisher.subscriberCounts(["cancelled"])).cancelled).toBe(1));
    controller.abort();
    expect(await collecting).toBe("cancelled");
    // The server hears the cancellation after the client gave up: it then unsubscribes at once.
    await vi.waitFor(async () => {
      expect((await publisher.subscriberCounts(["cancelled"])).cancelled).toBe(0);
      expect(await publisher.patternCount()).toBe(0);
    });
  });

  it("collects messages within the budget and leaves no subscription behind", async () => {
    const publisher = appPubSub();
    const collecting = call("pubsub_collect", { channels: ["events"], patterns: ["alerts.*"], maxMessages: 3, waitMs: 30_000 });
    // Published once the collector listens (its subscriptions show in PUBSUB NUMSUB and NUMPAT).
    await vi.waitFor(async () => {
      expect((await publisher.subscriberCounts(["events"])).events).toBe(1);
      expect(await publisher.patternCount()).toBe(1);
    });
    await publisher.publish("events", { n: 1 });
    // Through the node that takes the "events" messages, so the four arrive in this order.
    await publisherBeside(server.raw, "events").publish("alerts.disk", "not an envelope");
    await publisher.publish("events", { n: 2 });
    await publisher.publish("events", { n: 3 });
    const result = (await collecting).structuredContent as { messages: Record<string, unknown>[]; stoppedBy: string };
    expect(result.stoppedBy).toBe("count");
    expect(result.messages).toHaveLength(3);
    expect(result.messages).toContainEqual(expect.objectContaining({ channel: "events", data: { n: 1 }, id: expect.any(String) }));
    expect(result.messages).toContainEqual({ channel: "alerts.disk", pattern: "alerts.*", raw: { encoding: "utf8", value: "not an envelope" } });
    expect((await publisher.subscriberCounts(["events"])).events).toBe(0);
    expect(await publisher.patternCount()).toBe(0);

    const quiet = (await call("pubsub_collect", { channels: ["silence"], waitMs: 100 })).structuredContent;
    expect(quiet).toEqual({ messages: [], stoppedBy: "time" });
    expect((await publisher.subscriberCounts(["silence"])).silence).toBe(0);
    expect(textOf(await call("pubsub_collect", { waitMs: 10 }))).toMatch(/give channels, patterns or both/);
    expect((await call("pubsub_collect", { channels: ["x"], maxMessages: 0 })).isError).toBe(true);
  });
});

describe.each(TARGETS)("pubsub_collect under a short call timeout on $name", ({ target }) => {
  // waitMs outlasts the call's timeout: the collection must end before it and keep what arrived.
  const server = serveTarget(target, ["--request-timeout-ms", "3000"]);
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(() => Promise.all(closers.map((close) => close())));

  it("returns the messages published in its window, stopped by the deadline, and unsubscribes", async () => {
    const publisher = createPubSub(server.raw);
    closers.push(() => publisher.close());
    const collecting = server.call("pubsub_collect", { channels: ["ticks"], patterns: ["tick.*"], waitMs: 10_000 });
    await vi.waitFor(async () => {
      expect((await publisher.subscriberCounts(["ticks"])).ticks).toBe(1);
      expect(await publisher.patternCount()).toBe(1);
    });
    await publisher.publish("ticks", { n: 1 });
    await server.raw.publish("tick.raw", "plain");
    const result = await collecting;
    expect(result.isError).toBeFalsy();
    const collected = result.structuredContent as { messages: Record<string, unknown>[]; stoppedBy: string };
    expect(collected.stoppedBy).toBe("deadline");
    // On a cluster the two messages reach the subscriber's node by different routes: any order.
    expect(collected.messages).toHaveLength(2);
    expect(collected.messages).toContainEqual({ channel: "ticks", id: expect.any(String), timestamp: expect.any(Number), data: { n: 1 } });
    expect(collected.messages).toContainEqual({ channel: "tick.raw", pattern: "tick.*", raw: { encoding: "utf8", value: "plain" } });
    expect(textOf(result)).toMatch(/^2 message\(s\), stopped by deadline \(the server's call timeout, --request-timeout-ms, came before waitMs\)/);
    expect((await publisher.subscriberCounts(["ticks"])).ticks).toBe(0);
    expect(await publisher.patternCount()).toBe(0);
  });
});

describe.each(TARGETS)("metric-name completion under a key scope on $name", ({ target }) => {
  const server = serveTarget(target, ["--key-prefix", "tenant-a:", "--metrics-prefix", "shop"]);

  it("completes and reads only the scope's metrics", async () => {
    // Prefix "tenant-a:shop" writes the keys an application whose client has keyPrefix "tenant-a:" writes with prefix "shop".
    const registries = { "tenant-a:shop": ["orders_total", "orders_failed_total"], "tenant-b:shop": ["orders_secret_total"], shop: ["orders_global_total"] };
    for (const [prefix, names] of Object.entries(registries)) {
      const metrics = createMetrics(server.raw, { prefix });
      for (const name of names) metrics.counter({ name, help: name });
      await metrics.flush();
    }
    const completion = await server.connection.client.complete({
      ref: { type: "ref/resource", uri: "redis://metric/{name}" },
      argument: { name: "name", value: "orders" },
    });
    expect(completion.completion.values.sort()).toEqual(["orders_failed_total", "orders_total"]);
    await expect(server.connection.client.readResource({ uri: "redis://metric/orders_secret_total" })).rejects.toMatchObject({ code: -32002 });
    const read = await server.connection.client.readResource({ uri: "redis://metric/orders_total" });
    expect(JSON.parse(String((read.contents[0] as { text: string }).text))).toMatchObject({ name: "orders_total", type: "counter" });
  });
});
