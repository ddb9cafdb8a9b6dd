import { expect, it } from "vitest";
import * as api from "./index.js";

// The public surface is a contract: adding or removing an export is a deliberate, changeset-worthy act.
it("exports exactly its public API", () => {
  expect(Object.keys(api).sort()).toEqual([
    "Counter",
    "DEFAULT_BUCKETS",
    "Gauge",
    "Histogram",
    "MetricCardinalityError",
    "MetricConflictError",
    "MetricInvalidError",
    "MetricLabelsError",
    "MetricNotFoundError",
    "Metrics",
    "OPENMETRICS_CONTENT_TYPE",
    "OVERFLOW_LABEL_VALUE",
    "PROMETHEUS_CONTENT_TYPE",
    "createMetrics",
    "quantileFromBuckets",
  ]);
});
