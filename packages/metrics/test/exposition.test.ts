import { masterNodes, type RedisClient } from "@redis-mcp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, type Metrics, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from "../src/index.js";
import { checkMetrics, checkOpenMetrics, promtool } from "./support/promtool.js";
import { topologies } from "./support/topologies.js";

/** A bit of everything, with label values that need escaping. */
async function populate(metrics: Metrics): Promise<void> {
  const requests = metrics.counter({ name: "http_requests_total", help: 'Requests served, "by" route\nand status \\ method', labelNames: ["route", "status"] });
  await requests.inc({ route: '/search?q="x"', status: 200 }, 3);
  await requests.inc({ route: "/multi\nline\\path", status: 500 });
  await requests.inc({ route: "/ünïcode ✓", status: 200 }, 0.5);
  const jobs = metrics.counter({ name: "jobs_processed", help: "Jobs processed (named without _total)" });
  await jobs.inc(7);
  metrics.counter({ name: "never_incremented_total", help: "Shows as 0 before its first increment" });
  const depth = metrics.gauge({ name: "queue_depth", help: "Jobs waiting", labelNames: ["queue"] });
  await depth.set({ queue: "emails" }, 12);
  await depth.set({ queue: "sms" }, -1.5);
  const latency = metrics.histogram({ name: "http_request_duration_seconds", help: "Latency", labelNames: ["route"], buckets: [0.1, 0.5, 1, 5] });
  for (const value of [0.05, 0.2, 0.3, 0.7, 2, 9]) await latency.observe({ route: "/" }, value);
  metrics.histogram({ name: "upload_bytes", help: "Upload sizes, none yet", buckets: [1024, 1048576] });
}

describe.each(topologies)("exposition on $name", (topology) => {
  let redis: RedisClient;
  beforeAll(async () => {
    redis = await topology.connect();
  });
  afterAll(() => redis.disconnect());

  it("passes promtool check metrics (text format 0.0.4)", async () => {
    const metrics = createMetrics(redis);
    await populate(metrics);
    const text = await metrics.metrics();
    expect(metrics.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(metrics.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    const result = await checkMetrics(text);
    expect(result).toEqual({ code: 0, output: "" });
    expect(text).toContain('http_requests_total{route="/search?q=\\"x\\"",status="200"} 3');
    expect(text).toContain('http_requests_total{route="/multi\\nline\\\\path",status="500"} 1');
    expect(text).toContain("# TYPE jobs_processed_total counter\njobs_processed_total 7\n");
    expect(text).toContain("never_incremented_total 0\n");
    expect(text).toContain('queue_depth{queue="sms"} -1.5');
    expect(text).toContain('http_request_duration_seconds_bucket{route="/",le="0.5"} 3');
    expect(text).toContain('http_request_duration_seconds_bucket{route="/",le="+Inf"} 6');
    expect(text).toContain('http_request_duration_seconds_count{route="/"} 6');
    expect(text).toContain('upload_bytes_bucket{le="+Inf"} 0');
  });

  it("passes promtool's OpenMetrics parser and ends with # EOF", async () => {
    const metrics = createMetrics(redis);
    await populate(metrics);
    const text = await metrics.metrics({ format: "openmetrics" });
    expect(OPENMETRICS_CONTENT_TYPE).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
    expect(await checkOpenMetrics(text)).toEqual({ code: 0, output: "" });
    expect(text.endsWith("\n# EOF\n")).toBe(true);
    expect(text).toContain("# TYPE http_requests counter\n");
    expect(text).toContain("# TYPE jobs_processed counter\njobs_processed_total 7\n");
    expect(text).toContain('http_request_duration_seconds_bucket{route="/",le="1.0"} 4');
  });

  it("has checks that catch broken output (so a pass above means something)", async () => {
    promtool();
    expect((await checkMetrics("# HELP jobs x\n# TYPE jobs counter\njobs 1\n")).code).not.toBe(0);
    expect((await checkMetrics('# HELP a x\n# TYPE a gauge\na{b="unterminated} 1\n')).code).not.toBe(0);
    expect((await checkOpenMetrics("# TYPE jobs counter\njobs_total 1\n")).code).not.toBe(0);
  });

  it("exports what every instance defined, from the registry, without scanning the keyspace", async () => {
    const other = await topology.connect();
    try {
      const scans = async () => {
        let total = 0;
        for (const node of masterNodes(redis)) {
          const stats = await node.info("commandstats");
          for (const command of ["scan", "keys"]) total += Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
        }
        return total;
      };
      await createMetrics(other).gauge({ name: "defined_elsewhere", help: "Only the other instance defines it" }).set(5);
      const here = createMetrics(redis);
      here.counter({ name: "defined_here_total", help: "Here" });
      const before = await scans();
      const text = await here.metrics();
      expect(await scans()).toBe(before);
      expect(text).toContain("defined_elsewhere 5\n");
      expect(text).toContain("defined_here_total 0\n");
      // Sorted by name, so every instance serves the same text.
      expect(text.indexOf("# HELP defined_elsewhere")).toBeLessThan(text.indexOf("# HELP defined_here_total"));
      expect(await createMetrics(other).metrics()).toBe(text);
    } finally {
      other.disconnect();
    }
  });

  it("exports nothing (and # EOF in OpenMetrics) when no metric exists", async () => {
    const metrics = createMetrics(redis, { prefix: "empty" });
    expect(await metrics.metrics()).toBe("");
    expect(await metrics.metrics({ format: "openmetrics" })).toBe("# EOF\n");
  });

  it("rejects an unknown format", async () => {
    await expect(createMetrics(redis).metrics({ format: "json" as never })).rejects.toMatchObject({ code: "E_METRIC_INVALID" });
  });
});
