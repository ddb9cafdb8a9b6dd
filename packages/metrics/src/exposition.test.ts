import { describe, expect, it } from "vitest";
import { defineMetric } from "./definition.js";
import { counterNames, formatExposition, formatValue } from "./exposition.js";
import type { MetricSnapshot } from "./snapshot.js";

const counter = {
  definition: defineMetric("counter", { name: "http_requests_total", help: "Requests\nserved \\ counted", labelNames: ["path"] }),
  series: [
    { labels: { path: '/a"b' }, value: 3 },
    { labels: { path: "line\nbreak\\" }, value: 1.5 },
  ],
} as MetricSnapshot;
const bare = { definition: defineMetric("counter", { name: "jobs", help: 'say "hi"' }), series: [{ labels: {}, value: 0 }] } as MetricSnapshot;
const gauge = { definition: defineMetric("gauge", { name: "temperature", help: "t" }), series: [{ labels: {}, value: -2.5 }] } as MetricSnapshot;
const histogram = {
  definition: defineMetric("histogram", { name: "latency_seconds", help: "l", labelNames: ["route"], buckets: [0.5, 1, 2] }),
  series: [{ labels: { route: "/" }, bucketCounts: [1, 2, 0, 1], sum: 4.25, count: 4 }],
} as MetricSnapshot;

describe("formatExposition: Prometheus text 0.0.4", () => {
  it("writes HELP, TYPE and samples, escaping help and label values", () => {
    expect(formatExposition([counter, bare, gauge], "prometheus")).toBe(
      [
        "# HELP http_requests_total Requests\\nserved \\\\ counted",
        "# TYPE http_requests_total counter",
        'http_requests_total{path="/a\\"b"} 3',
        'http_requests_total{path="line\\nbreak\\\\"} 1.5',
        '# HELP jobs_total say "hi"',
        "# TYPE jobs_total counter",
        "jobs_total 0",
        "# HELP temperature t",
        "# TYPE temperature gauge",
        "temperature -2.5",
        "",
      ].join("\n"),
    );
  });

  it("writes cumulative buckets up to +Inf, then _sum and _count", () => {
    expect(formatExposition([histogram], "prometheus")).toBe(
      [
        "# HELP latency_seconds l",
        "# TYPE latency_seconds histogram",
        'latency_seconds_bucket{route="/",le="0.5"} 1',
        'latency_seconds_bucket{route="/",le="1"} 3',
        'latency_seconds_bucket{route="/",le="2"} 3',
        'latency_seconds_bucket{route="/",le="+Inf"} 4',
        'latency_seconds_sum{route="/"} 4.25',
        'latency_seconds_count{route="/"} 4',
        "",
      ].join("\n"),
    );
  });

  it("is empty without metrics", () => {
    expect(formatExposition([], "prometheus")).toBe("");
  });
});

describe("formatExposition: OpenMetrics 1.0.0", () => {
  it("names counter families without _total, samples with it, escapes quotes in help and ends with # EOF", () => {
    expect(formatExposition([counter, bare], "openmetrics")).toBe(
      [
        "# HELP http_requests Requests\\nserved \\\\ counted",
        "# TYPE http_requests counter",
        'http_requests_total{path="/a\\"b"} 3',
        'http_requests_total{path="line\\nbreak\\\\"} 1.5',
        '# HELP jobs say \\"hi\\"',
        "# TYPE jobs counter",
        "jobs_total 0",
        "# EOF",
        "",
      ].join("\n"),
    );
  });

  it("writes bucket bounds canonically (1.0, not 1)", () => {
    const text = formatExposition([histogram], "openmetrics");
    expect(text).toContain('latency_seconds_bucket{route="/",le="1.0"} 3');
    expect(text).toContain('latency_seconds_bucket{route="/",le="0.5"} 1');
    expect(text).toContain('latency_seconds_bucket{route="/",le="+Inf"} 4');
    expect(text.endsWith("# EOF\n")).toBe(true);
  });

  it("is just # EOF without metrics", () => {
    expect(formatExposition([], "openmetrics")).toBe("# EOF\n");
  });
});

describe("names and values", () => {
  it("append _total to counters that lack it", () => {
    expect(counterNames("jobs", "prometheus")).toEqual({ family: "jobs_total", sample: "jobs_total" });
    expect(counterNames("jobs_total", "openmetrics")).toEqual({ family: "jobs", sample: "jobs_total" });
  });

  it("write special floats as Prometheus does", () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 0.1].map(formatValue)).toEqual(["NaN", "+Inf", "-Inf", "1e+21", "0.1"]);
  });
});
