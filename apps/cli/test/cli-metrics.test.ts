import { createMetrics } from "@redis-mcp/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, type Target, targets } from "./support/cli.js";

describe.each(targets)("metrics commands on $name", (target) => {
  let redis: Target;
  beforeAll(async () => {
    redis = await target.connect();
  });
  afterAll(() => redis.close());

  it("inc, gauge and observe write what the application's registry reads", async () => {
    expect((await runJson(["metrics", "inc", "deploys_total", ...redis.flags])).json).toEqual({ name: "deploys_total", type: "counter", labels: {}, value: 1 });
    expect((await runJson(["metrics", "inc", "deploys_total", "2", ...redis.flags])).code).toBe(0);
    await runJson(["metrics", "gauge", "queue_depth", "7.5", "--label", "queue=emails", ...redis.flags]);
    await runJson(["metrics", "observe", "latency_seconds", "0.2", "--buckets", "0.1,0.5,1", ...redis.flags]);
    await runJson(["metrics", "observe", "latency_seconds", "0.7", ...redis.flags]);
    const summary = await createMetrics(redis.client).summary();
    expect(summary.counters.deploys_total).toMatchObject({ total: 3, series: 1 });
    expect(summary.gauges.queue_depth).toMatchObject({ value: 7.5, series: 1 });
    expect(summary.histograms.latency_seconds).toMatchObject({ count: 2, sum: 0.9 });
    expect(await createMetrics(redis.client).definition("latency_seconds")).toMatchObject({
      buckets: [0.1, 0.5, 1],
      help: "latency_seconds (recorded with redis-mcp)",
    });
  });

  it("writes to a metric the application defined with its labels, keeping its help", async () => {
    const app = createMetrics(redis.client, { prefix: "shop" });
    await app.counter({ name: "orders_total", help: "Orders placed", labelNames: ["country"] }).inc({ country: "NL" }, 5);
    const run = await runJson(["metrics", "inc", "orders_total", "--prefix", "shop", "--label", "country=NL", ...redis.flags]);
    expect(run.code).toBe(0);
    expect(await app.definition("orders_total")).toMatchObject({ help: "Orders placed", labelNames: ["country"] });
    expect((await app.summary()).counters.orders_total?.total).toBe(6);
    const wrongLabels = await runCli(["metrics", "inc", "orders_total", "--prefix", "shop", "--label", "city=Delft", ...redis.flags]);
    expect(wrongLabels.code).toBe(2);
    expect(wrongLabels.stderr.split("\n")).toHaveLength(2);
    expect(wrongLabels.stderr).toMatch(/^redis-mcp: .*label/);
    const wrongType = await runCli(["metrics", "gauge", "orders_total", "1", "--prefix", "shop", ...redis.flags]);
    expect(wrongType).toMatchObject({ code: 2, stderr: "redis-mcp: orders_total is registered as a counter under prefix shop; use redis-mcp metrics inc.\n" });
    expect((await app.summary()).counters.orders_total?.total).toBe(6);
  });

  it("show gives the summary, and one series per minute with a sparkline", async () => {
    const app = createMetrics(redis.client);
    await app.counter({ name: "requests_total", help: "Requests", labelNames: ["route"] }).inc({ route: "/a" }, 4);
    await app.gauge({ name: "temperature", help: "Temperature" }).set(21);
    const summary = await runJson<{ counters: Record<string, { total: number }>; gauges: Record<string, { value: number }> }>([
      "metrics",
      "show",
      ...redis.flags,
    ]);
    expect(summary.json.counters.requests_total?.total).toBe(4);
    expect(summary.json.gauges.temperature?.value).toBe(21);
    const human = await runCli(["metrics", "show", ...redis.flags]);
    expect(human.stdout).toMatch(
      /^COUNTER +TOTAL +PER SECOND \(5M\) +SERIES\nrequests_total +4 +[\d.]+ +1\n\nGAUGE +VALUE +MIN +MAX +SERIES\ntemperature +21 +21 +21 +1\n$/,
    );

    const series = await runJson<{ definition: { type: string }; series: { labels: Record<string, string>; values: (number | null)[] } }>([
      "metrics",
      "show",
      "requests_total",
      "--label",
      "route=/a",
      "--since",
      "10m",
      ...redis.flags,
    ]);
    expect(series.json.definition.type).toBe("counter");
    expect(series.json.series.labels).toEqual({ route: "/a" });
    expect(series.json.series.values).toHaveLength(10);
    // The minute may have turned since the increment: it is in the last two.
    expect(series.json.series.values.slice(-2).reduce<number>((sum, value) => sum + (value ?? 0), 0)).toBe(4);
    const text = await runCli(["metrics", "show", "requests_total", "--label", "route=/a", "--since", "10m", ...redis.flags]);
    expect(text.stdout).toMatch(
      /^requests_total \(counter\) Requests\n(▁{9}█|▁{8}█▁) {2}added per minute, last 10 minutes\n\nMINUTE \(UTC\) +VALUE\n\d{4}-\d\d-\d\d \d\d:\d\d:00 +4\n$/,
    );
    const unpicked = await runCli(["metrics", "show", "requests_total", ...redis.flags]);
    expect(unpicked).toMatchObject({ code: 2, stderr: "redis-mcp: requests_total has labels route: pick its series with --label name=value for each.\n" });
    const missing = await runCli(["metrics", "show", "nothing_total", ...redis.flags]);
    expect(missing).toMatchObject({ code: 1, stderr: "redis-mcp: no metric nothing_total is registered under prefix metrics; see redis-mcp metrics show.\n" });
  });

  it("export prints the Prometheus text, OpenMetrics or the summary as JSON", async () => {
    await createMetrics(redis.client).counter({ name: "jobs_total", help: "Jobs done" }).inc(3);
    const text = await runCli(["metrics", "export", ...redis.flags]);
    expect(text.stdout).toBe("# HELP jobs_total Jobs done\n# TYPE jobs_total counter\njobs_total 3\n");
    expect((await runCli(["metrics", "export", "--format", "openmetrics", ...redis.flags])).stdout).toMatch(/# EOF\n$/);
    const json = await runCli(["metrics", "export", "--format", "json", ...redis.flags]);
    expect(JSON.parse(json.stdout).counters.jobs_total.total).toBe(3);
    const wrapped = await runJson(["metrics", "export", ...redis.flags]);
    expect(wrapped.json).toEqual({ format: "prometheus", text: text.stdout });
    const bad = await runCli(["metrics", "export", "--format", "xml", ...redis.flags]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^redis-mcp: option '--format <format>' argument 'xml' is invalid\. Allowed choices are prometheus, openmetrics, json\.\n$/);
  });

  it("watch prints one frame when not on a terminal, with a sparkline per metric", async () => {
    const app = createMetrics(redis.client);
    await app.counter({ name: "a_total", help: "A" }).inc(2);
    await app.counter({ name: "b_total", help: "B", labelNames: ["kind"] }).inc({ kind: "x" }, 1);
    const frame = await runJson<{ rows: { name: string; current: number; series: { values: (number | null)[] } | null }[]; missing: string[] }>([
      "metrics",
      "watch",
      "a_total",
      "b_total",
      "c_total",
      "--minutes",
      "5",
      ...redis.flags,
    ]);
    const recent = (values: (number | null)[] | undefined) => values?.reduce<number>((sum, value) => sum + (value ?? 0), 0) ?? null;
    expect(frame.json.rows.map((row) => [row.name, row.current, recent(row.series?.values)])).toEqual([
      ["a_total", 2, 2],
      ["b_total", 1, null],
    ]);
    expect(frame.json.missing).toEqual(["c_total"]);
    const human = await runCli(["metrics", "watch", "--minutes", "5", "--label", "kind=x", ...redis.flags]);
    // The increments are in this minute or, if it turned meanwhile, the one before.
    expect(
      human.stdout
        .replace(/\d\d:\d\d:\d\d UTC/, "<time> UTC")
        .replace("▁▁▁█▁  0", "▁▁▁▁█  2")
        .replace("▁▁▁█▁  0", "▁▁▁▁█  1"),
    ).toBe(
      "redis-mcp metrics watch  prefix metrics  <time> UTC\n\nMETRIC   TYPE     NOW  LAST 5 MIN\na_total  counter    2  ▁▁▁▁█  2 added/min\nb_total  counter    1  ▁▁▁▁█  1 added/min\n",
    );
  });
});
