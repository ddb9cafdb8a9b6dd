import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createMetrics } from "@redis-mcp/metrics";
import { type StandaloneRedis, startRedisServer } from "@redis-mcp/test-redis";
import { Redis } from "ioredis";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.js";
import { runCli, targets } from "./support/cli.js";
import { type DashboardProcess, startDashboard } from "./support/dashboard-process.js";

const execFileP = promisify(execFile);
/** Screenshots land here for people to look at (gitignored). */
const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const INCREMENT = fileURLToPath(new URL("./fixtures/increment-counter.mjs", import.meta.url));
const TOKEN = "dashboard-test-token-0123456789abcdef";
/** Generous: the machine is shared and slow at times; these are waits for events, not speed checks. */
const EVENT_WAIT = { timeout: 45_000 };

/** Status and body of a GET with the given headers (node:http, so Host can be set). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

/** Status of a GET with the given headers. */
async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  return (await get(url, headers)).status;
}

describe("redis-mcp dashboard in a browser", () => {
  let server: StandaloneRedis;
  let redis: Redis;
  let dashboard: DashboardProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // A server of its own: the test lowers maxmemory, which a shared server must never see.
    server = await startRedisServer();
    redis = new Redis(server.port, "127.0.0.1");
    const metrics = createMetrics(redis);
    await metrics.counter({ name: "orders_total", help: "Orders placed" }).inc(3);
    await metrics.gauge({ name: "queue_depth", help: "Jobs waiting" }).set(12);
    const latency = metrics.histogram({ name: "checkout_seconds", help: "Checkout latency", buckets: [0.1, 0.25, 0.5, 1] });
    for (const seconds of [0.05, 0.2, 0.3, 0.7]) await latency.observe(seconds);
    for (let index = 0; index < 50; index++) await redis.set(`user:${index}:profile`, "x".repeat(64));
    dashboard = await startDashboard(["--redis-url", server.url, "--refresh-ms", "500"]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(dashboard.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    redis?.disconnect();
    await server?.stop();
  });

  it("renders the metrics as charts with data, and every node's vitals", async () => {
    const orders = page.locator('[data-metric="orders_total"]');
    await orders.and(page.locator('[data-total="3"]')).waitFor(EVENT_WAIT);
    expect(await orders.locator("canvas").count()).toBeGreaterThan(0);
    expect(Number(await orders.getAttribute("data-points"))).toBe(60);
    // The chart is drawn from the stored per-minute rollups, which hold the 3.
    expect(await orders.getAttribute("data-window-increase")).toBe("3");
    await page.locator('[data-metric="queue_depth"][data-total="12"]').waitFor(EVENT_WAIT);
    expect(await page.locator('[data-metric="queue_depth"]').getAttribute("data-last")).toBe("12");
    await expect.poll(() => page.locator('[data-metric="checkout_seconds"] .value').textContent(), EVENT_WAIT).toContain("p50 0.25");
    expect(await page.locator('[data-chart="node:memory"] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator("#nodes tbody tr").count()).toBe(1);
    await expect.poll(() => page.locator("#keyspace tbody").textContent(), EVENT_WAIT).toContain("user:{id}:profile");
    // The page's policy allows its own files only: a blocked script or style would show here.
    expect(pageErrors).toEqual([]);
  });

  it("updates the chart over Server-Sent Events when another process increments a counter", async () => {
    await page.locator('[data-metric="orders_total"][data-total="3"]').waitFor(EVENT_WAIT);
    // Set on this document: still there afterwards means the page was updated, not reloaded.
    // Expressions as text: they run in the page, and this program has no DOM types.
    await page.evaluate("window.dashboardTestMarker = 1");
    const before = Number(await page.locator("body").getAttribute("data-sequence"));
    await execFileP(process.execPath, [INCREMENT, String(server.port), "orders_total", "4"], { timeout: 30_000 });
    const orders = page.locator('[data-metric="orders_total"][data-total="7"]');
    await orders.waitFor(EVENT_WAIT);
    expect(await orders.locator(".value").textContent()).toMatch(/^7 total · \+7 in 60 min/);
    // The chart's per-minute points (what it draws) carry all 7, whichever minutes they fell in.
    expect(await orders.getAttribute("data-window-increase")).toBe("7");
    expect(Number(await page.locator("body").getAttribute("data-sequence"))).toBeGreaterThan(before);
    expect(await page.evaluate("window.dashboardTestMarker")).toBe(1);
  });

  it("shows a health finding with its severity and fix when maxmemory is lowered", async () => {
    expect(await page.locator('[data-finding="memory-near-limit"]').count()).toBe(0);
    const used = Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1]);
    await redis.config("SET", "maxmemory", String(Math.ceil(used / 0.95)));
    try {
      const finding = page.locator('[data-finding="memory-near-limit"]');
      await finding.waitFor(EVENT_WAIT);
      expect(await finding.getAttribute("data-severity")).toMatch(/critical|warning/);
      expect(await finding.locator(".fix").textContent()).toMatch(/^Fix: \S/);
    } finally {
      await redis.config("SET", "maxmemory", "0");
    }
  });

  it("serves two open pages from one poller: Redis is read once per refresh, not once per page", async () => {
    const second = await browser.newPage();
    try {
      await second.goto(dashboard.url);
      await second.locator('[data-metric="orders_total"]').waitFor(EVENT_WAIT);
      const sequence = async () => Number(await second.locator("body").getAttribute("data-sequence"));
      // Each refresh's health report sends one SLOWLOG GET; this test's own client sends none.
      const slowlogCalls = async () => Number(/cmdstat_slowlog\|get:calls=(\d+)/.exec(await redis.info("commandstats"))?.[1] ?? 0);
      const [startSequence, startCalls] = [await sequence(), await slowlogCalls()];
      await expect.poll(sequence, EVENT_WAIT).toBeGreaterThanOrEqual(startSequence + 6);
      const [endCalls, endSequence] = [await slowlogCalls(), await sequence()];
      const refreshes = endSequence - startSequence;
      // A poller per page would read twice per refresh; one shared poller reads once (give or take the one in flight).
      expect(endCalls - startCalls).toBeLessThanOrEqual(refreshes + 2);
      expect(endCalls - startCalls).toBeGreaterThanOrEqual(refreshes - 2);
      // The first page got the same refreshes.
      await expect.poll(async () => Number(await page.locator("body").getAttribute("data-sequence")), EVENT_WAIT).toBeGreaterThanOrEqual(endSequence);
    } finally {
      await second.close();
    }
  });

  it("fits 1280x800 and a phone's width, and follows dark mode; saves screenshots", async () => {
    // Nothing wider than a 1280-pixel window (the page was opened at 1280x800).
    expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard-light-1280.png`, fullPage: true });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });
    try {
      await phone.goto(dashboard.url);
      await phone.locator('[data-metric="orders_total"] canvas').first().waitFor(EVENT_WAIT);
      // Nothing wider than the screen: tables scroll inside their own box.
      expect(await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
      const background = await phone.evaluate("getComputedStyle(document.body).backgroundColor");
      expect(background).toBe("rgb(18, 18, 21)");
      await phone.screenshot({ path: `${ARTIFACTS}dashboard-dark-phone.png`, fullPage: true });
    } finally {
      await phone.close();
    }
    const png = await readFile(`${ARTIFACTS}dashboard-light-1280.png`);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("refuses a Host header it does not serve (DNS rebinding)", async () => {
    expect(await status(dashboard.url, { host: "evil.example" })).toBe(403);
    expect(await status(dashboard.url)).toBe(200);
  });
});

describe("redis-mcp dashboard on a Redis Cluster", () => {
  it("shows every node's vitals as a row and as a line of each chart, and metrics stored across the slots", async () => {
    const target = await (targets.find((candidate) => candidate.name === "cluster") as (typeof targets)[number]).connect();
    const metrics = createMetrics(target.client);
    // Slots 5279, 10487 and 12914: one metric on each master of a 3-master cluster.
    for (const name of ["alpha_total", "bravo_total", "delta_total"]) await metrics.counter({ name, help: name }).inc(2);
    const clusterDashboard = await startDashboard([...target.flags, "--refresh-ms", "500"]);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(clusterDashboard.url);
      await expect.poll(() => page.locator("#nodes tbody tr").count(), EVENT_WAIT).toBe(target.masters);
      for (const name of ["alpha_total", "bravo_total", "delta_total"]) {
        await page.locator(`[data-metric="${name}"][data-total="2"]`).waitFor(EVENT_WAIT);
      }
      // One legend entry per node (plus the time column) on the memory chart.
      expect(await page.locator('[data-chart="node:memory"] .u-legend .u-series').count()).toBe(target.masters + 1);
    } finally {
      await browser.close();
      await clusterDashboard.stop();
      target.close();
    }
  });
});

/** The first `count` state events of the page's event stream, as the JSON text the page receives. */
function readStates(url: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const states: string[] = [];
    let buffer = "";
    const call = request(`${url}events`, (response) => {
      response.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          const data = /^event: state\ndata: (.*)$/s.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data !== undefined) states.push(data);
          end = buffer.indexOf("\n\n");
        }
        if (states.length >= count) {
          call.destroy();
          resolve(states.slice(0, count));
        }
      });
    });
    call.on("error", (error) => {
      if (states.length < count) reject(error);
    });
    call.end();
  });
}

/** Commands that read without a key and touch no data (the dashboard's INFO, CONFIG GET, SLOWLOG GET) or set up its connection. */
const READING_WITHOUT_KEYS = new Set([
  "auth",
  "hello",
  "ping",
  "select",
  "client|setname",
  "client|setinfo",
  "info",
  "dbsize",
  "config|get",
  "slowlog|get",
  "slowlog|len",
  "latency|latest",
  "latency|history",
  "cluster|slots",
  "cluster|shards",
  "cluster|nodes",
  "cluster|info",
  "command",
  "command|info",
  // Scripts (the metric reads): Redis counts every command a script calls under that command's own name, so those are checked too.
  "eval",
  "evalsha",
  "eval_ro",
  "evalsha_ro",
]);

describe("redis-mcp dashboard on a Redis with a password", () => {
  const PASSWORD = "dashboard-redis-password-7f3a";
  let server: StandaloneRedis;
  let redis: Redis;
  let dashboard: DashboardProcess;
  beforeAll(async () => {
    // A server of its own: its command statistics must hold only what the dashboard sent.
    server = await startRedisServer({ password: PASSWORD });
    redis = new Redis(server.port, "127.0.0.1", { password: PASSWORD });
    const metrics = createMetrics(redis);
    await metrics.counter({ name: "orders_total", help: "Orders placed" }).inc(3);
    await metrics.gauge({ name: "queue_depth", help: "Jobs waiting" }).set(12);
    await metrics.histogram({ name: "checkout_seconds", help: "Checkout latency", buckets: [0.1, 1] }).observe(0.2);
    for (let index = 0; index < 20; index++) await redis.set(`user:${index}:profile`, "x".repeat(64));
    await redis.config("RESETSTAT");
    // The password in the URL: the riskiest place, as it travels with everything the URL does.
    dashboard = await startDashboard(["--redis-url", `redis://:${PASSWORD}@127.0.0.1:${server.port}`, "--refresh-ms", "300"]);
  }, 60_000);
  afterAll(async () => {
    await dashboard?.stop();
    redis?.disconnect();
    await server?.stop();
  });

  it("shows Redis's vitals and metrics without the password in the page, the event stream or the output", async () => {
    const states = await readStates(dashboard.url, 3);
    const last = JSON.parse(states[2] ?? "{}") as { error: unknown; nodes: { reachable: boolean }[]; counters: { name: string }[] };
    // It did authenticate: the node is read and the metrics are there.
    expect(last.error).toBeNull();
    expect(last.nodes).toEqual([expect.objectContaining({ reachable: true })]);
    expect(last.counters.map((counter) => counter.name)).toContain("orders_total");
    const files = await Promise.all(["", "dashboard.js", "dashboard.css"].map((name) => get(`${dashboard.url}${name}`)));
    for (const file of files) expect(file.status).toBe(200);
    for (const text of [...states, ...files.map((file) => file.body), dashboard.stdout(), dashboard.stderr()]) expect(text).not.toContain(PASSWORD);
  });

  it("sends Redis only reads, however many refreshes", async () => {
    await readStates(dashboard.url, 4);
    const commands = [...(await redis.info("commandstats")).matchAll(/^cmdstat_([^:]+):calls=\d+/gm)]
      .map((match) => match[1] ?? "")
      // The test's own, which counts itself; after it, this client sends only INFO.
      .filter((command) => command !== "config|resetstat");
    // The dashboard's reads of the metrics (inside its scripts) and of the server.
    expect(commands).toEqual(expect.arrayContaining(["hgetall", "info", "slowlog|get"]));
    const writes: string[] = [];
    for (const command of commands) {
      const [description] = (await redis.call("COMMAND", "INFO", command)) as [string, number, string[]][];
      const flags = description?.[2] ?? [];
      if (flags.includes("write") || !(flags.includes("readonly") || READING_WITHOUT_KEYS.has(command))) writes.push(`${command} (${flags.join(" ")})`);
    }
    expect(writes).toEqual([]);
  });
});

describe("redis-mcp dashboard: safe by default", () => {
  let server: StandaloneRedis;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  it("is listed in --help", async () => {
    const { stdout } = await runCli(["--help"]);
    expect(stdout).toMatch(/^ {2}dashboard\b/m);
  });

  it("refuses a non-loopback address without a token, before listening (exit 2)", async () => {
    const run = await runCli(["dashboard", "--host", "0.0.0.0", "--port", "0", "--redis-url", server.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("REDIS_MCP_DASHBOARD_TOKEN");
    expect(run.stdout).toBe("");
  });

  it("with a token, answers only requests that carry it, and never prints it", async () => {
    const guarded = await startDashboard(["--redis-url", server.url], { REDIS_MCP_DASHBOARD_TOKEN: TOKEN });
    try {
      expect(await status(guarded.url)).toBe(401);
      expect(await status(`${guarded.url}events`)).toBe(401);
      expect(await status(guarded.url, { authorization: "Bearer not-the-token-at-all" })).toBe(401);
      expect(await status(guarded.url, { authorization: `Bearer ${TOKEN}` })).toBe(200);
      expect(await status(`${guarded.url}?token=${TOKEN}`)).toBe(303);
    } finally {
      await guarded.stop();
    }
    expect(guarded.stderr()).not.toContain(TOKEN);
  });

  it("on every address with a token: 401 without it, 200 with it by an allowed Host, 403 naming --allowed-hosts otherwise", async () => {
    const wide = await startDashboard(["--host", "0.0.0.0", "--allowed-hosts", "dashboard.test", "--redis-url", server.url], {
      REDIS_MCP_DASHBOARD_TOKEN: TOKEN,
    });
    try {
      expect(wide.stdout()).toMatch(
        /^Listening on every address, answering to loopback names and --allowed-hosts dashboard\.test; other Host names get 403\.$/m,
      );
      const port = new URL(wide.url).port;
      // Connected over loopback; the Host header is what a browser elsewhere would send.
      const url = `http://127.0.0.1:${port}/`;
      const bearer = { authorization: `Bearer ${TOKEN}` };
      expect(await status(url)).toBe(401);
      expect(await status(url, { host: `dashboard.test:${port}` })).toBe(401);
      expect(await status(url, { ...bearer, host: `dashboard.test:${port}` })).toBe(200);
      expect(await status(url, { ...bearer, host: `127.0.0.1:${port}` })).toBe(200);
      const refused = await get(url, { ...bearer, host: `192.0.2.10:${port}` });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain("--allowed-hosts 192.0.2.10");
    } finally {
      await wide.stop();
    }
    expect(wide.stdout() + wide.stderr()).not.toContain(TOKEN);
  });

  it("on every address without --allowed-hosts, says at start how to open it by another name", async () => {
    const wide = await startDashboard(["--host", "0.0.0.0", "--redis-url", server.url], { REDIS_MCP_DASHBOARD_TOKEN: TOKEN });
    try {
      expect(wide.stdout()).toMatch(
        /^Listening on every address, but answering only to loopback names: add .* with --allowed-hosts \(e\.g\. --allowed-hosts \S+\)\.$/m,
      );
      const port = new URL(wide.url).port;
      expect(await status(`http://127.0.0.1:${port}/`, { authorization: `Bearer ${TOKEN}`, host: `192.0.2.10:${port}` })).toBe(403);
    } finally {
      await wide.stop();
    }
  });

  it("rejects a token shorter than 16 characters", async () => {
    const run = await runCli(["dashboard", "--port", "0", "--redis-url", server.url], { env: { REDIS_MCP_DASHBOARD_TOKEN: "short" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("at least 16 characters");
  });
});
