import { describe, expect, it } from "vitest";
import { negotiateFormat } from "./metrics-handler.js";

describe("negotiateFormat", () => {
  it("gives OpenMetrics to a scraper that prefers it (Prometheus' own Accept header)", () => {
    expect(
      negotiateFormat("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
    ).toBe("openmetrics");
    expect(negotiateFormat("application/openmetrics-text")).toBe("openmetrics");
  });

  it("gives the 0.0.4 text format otherwise", () => {
    expect(negotiateFormat(undefined)).toBe("prometheus");
    expect(negotiateFormat("*/*")).toBe("prometheus");
    expect(negotiateFormat("text/plain;version=0.0.4")).toBe("prometheus");
    expect(negotiateFormat("text/plain, application/openmetrics-text;q=0.5")).toBe("prometheus");
    expect(negotiateFormat("application/openmetrics-text;q=0")).toBe("prometheus");
  });
});
