import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { RedisClient } from "@redis-mcp/core";
import { startRedisServer } from "@redis-mcp/test-redis";
import express from "express";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dashboardHandler } from "../src/dashboard-page/index.js";
import { createMetrics, MetricInvalidError } from "../src/index.js";
import { listen, openStream } from "./support/dashboard-server.js";
import { topologies } from "./support/topologies.js";

const TOKEN = "0123456789abcdef0123456789abcdef";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A dashboard on node:http, closed after the test. */
async function serveDashboard(redis: RedisClient, options: Parameters<typeof dashboardHandler>[1] = {}) {
  const handler = dashboardHandler(redis, { refreshIntervalMs: 300, keyspaceIntervalMs: 1_000, ...options });
  const http = await listen(handler);
  cleanups.push(
    () => http.close(),
    () => handler.close(),
  );
  return { url: `${http.url}/`, handler };
}

describe.each(topologies)("dashboard events on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("streams counters, gauges and histograms with their stored minutes, and every node's health", async () => {
    const metrics = createMetrics(redis, { prefix: "shop" });
    await metrics.counter({ name: "orders_total", help: "Orders placed", labelNames: ["country"] }).inc({ country: "NL" }, 5);
    await metrics.gauge({ name: "queue_depth", help: "Jobs waiting" }).set(7);
    const latency = metrics.histogram({ name: "latency_seconds", help: "Latency", buckets: [1, 2, 3, 4] });
    for (const value of [0.5, 1.5, 2.5, 3.5]) await latency.observe(value);
    const { url } = await serveDashboard(redis, { prefix: "shop" });
    const stream = await openStream(`${url}events`);
    cleanups.push(() => stream.close());

    const state = await stream.waitFor((candidate) => candidate.counters.length === 1 && candidate.keyspace !== null);
    expect(state.prefix).toBe("shop");
    expect(state.error).toBeNull();
    const [orders] = state.counters;
    expect(orders).toMatchObject({ name: "orders_total", help: "Orders placed", total: 5, series: 1 });
    // The minute in progress holds the 5, read from the stored per-minute rollups.
    expect(orders?.minutes.at(-1)?.[1]).toBe(5);
    expect(orders?.minutes).toHaveLength(60);
    expect(state.gauges).toEqual([expect.objectContaining({ name: "queue_depth", value: 7, minutes: [[expect.any(Number), 7]] })]);
    expect(state.histograms[0]).toMatchObject({ name: "latency_seconds", count: 4, quantiles: { p50: 2, p90: 3.6, p99: 3.96 } });
    expect(state.histograms[0]?.minutes.at(-1)?.[1]).toBe(4);
    const masters = topology.name === "cluster" ? 3 : 1;
    expect(state.nodes.filter((node) => node.role === "master")).toHaveLength(masters);
    expect(state.nodeSeries).toHaveLength(state.nodes.length);
    expect(state.nodes[0]?.usedMemory).toBeGreaterThan(0);
    expect(state.keyspace?.namespaces.map((namespace) => namespace.pattern)).toContain("shop:registry");
  });

  it("shows an increment made after the page opened in a later refresh", async () => {
    const counter = createMetrics(redis).counter({ name: "jobs_total", help: "Jobs" });
    await counter.inc(1);
    const { url } = await serveDashboard(redis);
    const stream = await openStream(`${url}events`);
    cleanups.push(() => stream.close());
    const first = await stream.waitFor((state) => state.counters[0]?.total === 1);
    await counter.inc(41);
    const later = await stream.waitFor((state) => state.counters[0]?.total === 42);
    expect(later.sequence).toBeGreaterThan(first.sequence);
    expect(later.counters[0]?.minutes.at(-1)?.[1]).toBe(42);
  });
});

describe("one poller for every open page", () => {
  it("reads Redis once per refresh whatever the number of pages, and stops when the last one closes", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.port, "127.0.0.1");
    const probe = new Redis(server.port, "127.0.0.1");
    cleanups.push(async () => {
      redis.disconnect();
      probe.disconnect();
      await server.stop();
    });
    const slowlogCalls = async () => Number(/cmdstat_slowlog\|get:calls=(\d+)/.exec(await probe.info("commandstats"))?.[1] ?? 0);
    const { url } = await serveDashboard(redis, { keyspaceIntervalMs: 0 });
    const pageA = await openStream(`${url}events`);
    const pageB = await openStream(`${url}events`);
    cleanups.push(
      () => pageA.close(),
      () => pageB.close(),
    );
    const last = await pageB.waitFor((state) => state.sequence >= 6);
    await pageA.waitFor((state) => state.sequence >= last.sequence);
    // Both pages got the same refreshes (the same sequence numbers), not one poller each.
    expect(pageB.states.map((state) => state.sequence).every((sequence) => pageA.states.some((state) => state.sequence === sequence))).toBe(true);
    pageA.close();
    pageB.close();
    // Each refresh's health report sends one SLOWLOG GET: at most the refreshes delivered plus one in flight.
    const afterClose = await (async () => {
      let previous = await slowlogCalls();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        const now = await slowlogCalls();
        if (now === previous) return now;
        previous = now;
      }
    })();
    const delivered = Math.max(...pageA.states.map((state) => state.sequence), ...pageB.states.map((state) => state.sequence));
    expect(afterClose).toBeGreaterThanOrEqual(delivered);
    expect(afterClose).toBeLessThanOrEqual(delivered + 2);
    // Stopped: no reads while no page is open.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await slowlogCalls()).toBe(afterClose);
  });
});

describe("when Redis goes away", () => {
  it("shows the error on the page within the command timeout, keeps the last figures, and recovers", async () => {
    const server = await startRedisServer();
    // Bounded like core's createRedis: a command fails after 1 s instead of waiting for a reconnect.
    const redis = new Redis(server.port, "127.0.0.1", { commandTimeout: 1_000, maxRetriesPerRequest: 1 });
    redis.on("error", () => {});
    cleanups.push(async () => {
      redis.disconnect();
      await server.stop();
    });
    await createMetrics(redis).counter({ name: "kept_total", help: "Kept" }).inc(2);
    const { url } = await serveDashboard(redis, { keyspaceIntervalMs: 0 });
    const stream = await openStream(`${url}events`);
    cleanups.push(() => stream.close());
    await stream.waitFor((state) => state.counters[0]?.total === 2 && state.error === null);
    await server.node.stop();
    const failed = await stream.waitFor((state) => state.error !== null);
    expect(failed.error?.code).toMatch(/^E_(REDIS_UNAVAILABLE|TIMEOUT|CONNECTION_LOST)$/);
    expect(failed.counters[0]?.total).toBe(2);
    await server.node.start();
    const recovered = await stream.waitFor((state) => state.sequence > failed.sequence && state.error === null);
    expect(recovered.nodes[0]?.reachable).toBe(true);
  });
});

describe("the page and its safety", () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = (await topologies[0]?.connect()) as Redis;
  });
  afterAll(() => redis.disconnect());

  it("serves the page and uPlot from the installed package, with a policy that allows only its own files", async () => {
    const { url } = await serveDashboard(redis);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('src="uplot.min.js"');
    expect(html).not.toMatch(/https?:\/\//);
    const uplot = await fetch(`${url}uplot.min.js`);
    expect(uplot.headers.get("content-type")).toContain("text/javascript");
    const installed = await readFile(createRequire(import.meta.url).resolve("uplot/dist/uPlot.iife.min.js"));
    expect(Buffer.from(await uplot.arrayBuffer()).equals(installed)).toBe(true);
    expect((await fetch(`${url}dashboard.js`)).status).toBe(200);
    expect((await fetch(`${url}nothing-here`)).status).toBe(404);
  });

  it("answers 503 past maxClients open pages", async () => {
    const { url } = await serveDashboard(redis, { maxClients: 1 });
    const first = await openStream(`${url}events`);
    cleanups.push(() => first.close());
    const second = await fetch(`${url}events`);
    expect(second.status).toBe(503);
    expect(await second.text()).toContain("Too many open dashboards (1)");
  });

  it("is read-only: other methods get 405", async () => {
    const { url } = await serveDashboard(redis);
    const response = await fetch(`${url}events`, { method: "POST", body: "{}" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });

  it("mounts under a path in express, redirecting the path without its slash", async () => {
    const handler = dashboardHandler(redis, { refreshIntervalMs: 300 });
    const app = express();
    app.use("/dashboard", handler);
    const http = await listen(app);
    cleanups.push(
      () => http.close(),
      () => handler.close(),
    );
    const bare = await fetch(`${http.url}/dashboard`, { redirect: "manual" });
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("/dashboard/");
    expect(await (await fetch(`${http.url}/dashboard/`)).text()).toContain("dashboard.js");
    const stream = await openStream(`${http.url}/dashboard/events`);
    cleanups.push(() => stream.close());
    expect((await stream.waitFor(() => true)).nodes).toHaveLength(1);
  });

  it("refuses a Host it does not serve (DNS rebinding)", async () => {
    const { url } = await serveDashboard(redis, { allowedHosts: ["127.0.0.1", "localhost"] });
    const { request } = await import("node:http");
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(url, { headers: { host } }, (response) => {
          let body = "";
          response.setEncoding("utf8").on("data", (chunk: string) => {
            body += chunk;
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        })
          .on("error", reject)
          .end();
      });
    const status = async (host: string) => (await get(host)).status;
    const refused = await get("Evil.example:80");
    expect(refused.status).toBe(403);
    // The way out, named: the CLI's flag and the option, with the name to add.
    expect(refused.body).toContain("--allowed-hosts evil.example,");
    expect(refused.body).toContain("allowedHosts");
    expect(await status(new URL(url).host)).toBe(200);
    expect(await status("localhost:1234")).toBe(200);
  });

  it("with a token, refuses requests without it and signs a browser in with a cookie that is not the token", async () => {
    const { url } = await serveDashboard(redis, { token: TOKEN });
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain("Bearer");
    expect((await fetch(`${url}events`)).status).toBe(401);
    expect((await fetch(`${url}?token=wrong-token-wrong-token`, { redirect: "manual" })).status).toBe(401);

    const bearer = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(await bearer.text()).not.toContain(TOKEN);

    const signIn = await fetch(`${url}?token=${TOKEN}`, { redirect: "manual" });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/");
    const cookie = signIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(";")[0] as string;
    const stream = await openStream(`${url}events`, { cookie: session });
    cleanups.push(() => stream.close());
    const state = await stream.waitFor(() => true);
    expect(JSON.stringify(state)).not.toContain(TOKEN);
    expect((await fetch(`${url}events`, { headers: { cookie: "redis_mcp_dashboard=forged" } })).status).toBe(401);
  });

  it("rejects bad options with E_METRIC_INVALID before reading anything", () => {
    expect(() => dashboardHandler(redis, { token: "short" })).toThrow(MetricInvalidError);
    expect(() => dashboardHandler(redis, { refreshIntervalMs: 0 })).toThrow(/refreshIntervalMs must be an integer from 250/);
    expect(() => dashboardHandler(redis, { prefix: "a{b}" })).toThrow(MetricInvalidError);
  });
});
