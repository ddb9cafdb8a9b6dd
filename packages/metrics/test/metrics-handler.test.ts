import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeRedis, createRedis, type RedisClient } from "@redis-mcp/core";
import { startRedisServer } from "@redis-mcp/test-redis";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, type Metrics, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from "../src/index.js";
import { settlesWithin } from "./support/eventually.js";
import { checkMetrics, checkOpenMetrics } from "./support/promtool.js";
import { topologies } from "./support/topologies.js";

const PROMETHEUS_ACCEPT =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.each(topologies)("metricsHandler on $name", (topology) => {
  let redis: RedisClient;
  let metrics: Metrics;
  const servers: Server[] = [];
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  afterAll(() => redis.disconnect());

  async function populate(): Promise<void> {
    metrics = createMetrics(redis);
    await metrics.counter({ name: "http_requests_total", help: "Requests", labelNames: ["route"] }).inc({ route: "/" }, 2);
    await metrics.histogram({ name: "latency_seconds", help: "Latency", buckets: [0.1, 1] }).observe(0.5);
  }

  it("serves the text format on node:http, and OpenMetrics to a scraper that asks for it", async () => {
    await populate();
    const handler = metrics.metricsHandler();
    const server = createServer((request, response) => {
      if (request.url === "/metrics") void handler(request, response);
      else response.writeHead(404).end();
    });
    servers.push(server);
    const base = await listen(server);

    const plain = await fetch(`${base}/metrics`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe(PROMETHEUS_CONTENT_TYPE);
    const text = await plain.text();
    expect(text).toBe(await metrics.metrics());
    expect(text).toContain('http_requests_total{route="/"} 2\n');
    expect(await checkMetrics(text)).toEqual({ code: 0, output: "" });

    const open = await fetch(`${base}/metrics`, { headers: { accept: PROMETHEUS_ACCEPT } });
    expect(open.headers.get("content-type")).toBe(OPENMETRICS_CONTENT_TYPE);
    const openText = await open.text();
    expect(openText.endsWith("# EOF\n")).toBe(true);
    expect(await checkOpenMetrics(openText)).toEqual({ code: 0, output: "" });

    const head = await fetch(`${base}/metrics`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(`${base}/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("mounts on an express route", async () => {
    await populate();
    const app = express();
    app.get("/metrics", metrics.metricsHandler());
    const server = createServer(app);
    servers.push(server);
    const base = await listen(server);
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(await response.text()).toContain('latency_seconds_bucket{le="1"} 1\n');
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });
});

describe("metricsHandler when Redis is down", () => {
  it("answers 503 with the error code within a bounded time, then serves again once Redis is back", async () => {
    const server = await startRedisServer({ persistence: "aof" });
    const redis = await createRedis({ port: server.port, connectTimeoutMs: 500, commandTimeoutMs: 500, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
    const errors: string[] = [];
    const metrics = createMetrics(redis, { onError: (error) => errors.push(error.code) });
    const http = createServer(metrics.metricsHandler());
    try {
      await metrics.counter({ name: "up_total", help: "Up" }).inc();
      const base = await listen(http);
      await server.node.kill();
      const down = await settlesWithin(fetch(base), 10_000);
      expect(down.status).toBe(503);
      expect(await down.text()).toMatch(/^metrics unavailable \((E_REDIS_UNAVAILABLE|E_TIMEOUT)\)\n$/);
      expect(errors.some((code) => code === "E_REDIS_UNAVAILABLE" || code === "E_TIMEOUT")).toBe(true);
      await server.node.start();
      let body = "";
      for (let attempt = 0; attempt < 100 && !body.includes("up_total 1"); attempt++) {
        const response = await fetch(base);
        body = response.status === 200 ? await response.text() : "";
        if (!body) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(body).toContain("up_total 1\n");
    } finally {
      await new Promise((resolve) => http.close(resolve));
      await closeRedis(redis);
      await server.stop();
    }
  });
});
