import { describe, expect, it } from "vitest";
import { assertMetricName, metricKey } from "./metric-key.js";

describe("metricKey", () => {
  it("hash-tags the metric name", () => {
    expect(metricKey("http_requests_total", "meta")).toBe("metrics:{http_requests_total}:meta");
    expect(metricKey("app:latency_seconds", "series")).toBe("metrics:{app:latency_seconds}:series");
  });

  it("rejects names Prometheus would not accept", () => {
    for (const name of ["", "9lives", "with space", "dash-ed", "brace{"]) {
      expect(() => assertMetricName(name)).toThrow(/is not valid: use letters, digits/);
      expect(() => metricKey(name, "meta")).toThrow(/E_INVALID_ARGUMENT|is not valid/);
    }
  });
});
