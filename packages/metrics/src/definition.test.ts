import { describe, expect, it } from "vitest";
import { DEFAULT_BUCKETS, defineMetric, fingerprintOf, parseStoredDefinition, storedDefinition } from "./definition.js";
import { MetricInvalidError } from "./errors.js";

function rejection(work: () => unknown): MetricInvalidError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(MetricInvalidError);
    return error as MetricInvalidError;
  }
  throw new Error("expected a MetricInvalidError");
}

describe("defineMetric", () => {
  it("accepts Prometheus names and gives histograms prom-client's default buckets", () => {
    expect(defineMetric("counter", { name: "app:requests_total", help: "h", labelNames: ["a", "_b"] })).toEqual({
      name: "app:requests_total",
      type: "counter",
      help: "h",
      labelNames: ["a", "_b"],
      buckets: [],
    });
    expect(defineMetric("histogram", { name: "latency_seconds", help: "h" }).buckets).toEqual(DEFAULT_BUCKETS);
  });

  it("rejects metric names Prometheus would not accept", () => {
    for (const name of ["", "9lives", "with space", "dash-ed", "brace{", "ünïcode", 42, undefined]) {
      expect(rejection(() => defineMetric("counter", { name, help: "h" })).message).toMatch(/metric name .* is not valid: use letters, digits, "_" and ":"/);
    }
  });

  it("rejects bad, reserved and duplicate label names", () => {
    expect(rejection(() => defineMetric("counter", { name: "a", help: "h", labelNames: ["has:colon"] })).message).toMatch(
      /label name "has:colon" is not valid/,
    );
    expect(rejection(() => defineMetric("counter", { name: "a", help: "h", labelNames: ["__name__"] })).message).toMatch(/starts with "__"/);
    expect(rejection(() => defineMetric("histogram", { name: "a", help: "h", labelNames: ["le"] })).message).toMatch(/"le" is used by the exposition/);
    expect(rejection(() => defineMetric("counter", { name: "a", help: "h", labelNames: ["x", "x"] })).message).toMatch(/listed twice/);
    expect(rejection(() => defineMetric("counter", { name: "a", help: "h", labelNames: "x" })).message).toMatch(/must be an array/);
    // "le" is only reserved where the exposition uses it.
    expect(defineMetric("gauge", { name: "a", help: "h", labelNames: ["le"] }).labelNames).toEqual(["le"]);
  });

  it("requires help text", () => {
    expect(rejection(() => defineMetric("gauge", { name: "a", help: "" })).message).toMatch(/help must be a non-empty string/);
  });

  it("checks buckets: increasing, finite, at least one; +Inf is implied", () => {
    expect(defineMetric("histogram", { name: "a", help: "h", buckets: [1, 2, Number.POSITIVE_INFINITY] }).buckets).toEqual([1, 2]);
    expect(rejection(() => defineMetric("histogram", { name: "a", help: "h", buckets: [2, 1] })).message).toMatch(/increase strictly; 1 follows 2/);
    expect(rejection(() => defineMetric("histogram", { name: "a", help: "h", buckets: [1, 1] })).message).toMatch(/increase strictly/);
    expect(rejection(() => defineMetric("histogram", { name: "a", help: "h", buckets: [] })).message).toMatch(/at least one finite/);
    expect(rejection(() => defineMetric("histogram", { name: "a", help: "h", buckets: [Number.NaN] })).message).toMatch(/not a finite number/);
    expect(rejection(() => defineMetric("counter", { name: "a", help: "h", buckets: [1] })).message).toMatch(/only histograms take buckets/);
  });
});

describe("fingerprints and stored definitions", () => {
  it("change with type, labels and buckets but not with help", () => {
    const base = defineMetric("histogram", { name: "a", help: "one", labelNames: ["x"], buckets: [1] });
    expect(fingerprintOf(defineMetric("histogram", { name: "a", help: "two", labelNames: ["x"], buckets: [1] }))).toBe(fingerprintOf(base));
    expect(fingerprintOf(defineMetric("histogram", { name: "a", help: "one", labelNames: ["y"], buckets: [1] }))).not.toBe(fingerprintOf(base));
    expect(fingerprintOf(defineMetric("histogram", { name: "a", help: "one", labelNames: ["x"], buckets: [2] }))).not.toBe(fingerprintOf(base));
    expect(fingerprintOf(defineMetric("counter", { name: "a", help: "one", labelNames: ["x"] }))).not.toBe(fingerprintOf(base));
  });

  it("round-trip through the registry's JSON and skip entries that are not definitions", () => {
    for (const definition of [
      defineMetric("histogram", { name: "a", help: "one", labelNames: ["x"], buckets: [1, 5] }),
      defineMetric("gauge", { name: "a", help: "one" }),
      defineMetric("counter", { name: "a", help: "one", labelNames: ["y", "z"] }),
    ]) {
      expect(parseStoredDefinition("a", storedDefinition(definition))).toEqual({ ...definition, fingerprint: fingerprintOf(definition) });
    }
    const definition = defineMetric("histogram", { name: "a", help: "one", labelNames: ["x"], buckets: [1, 5] });
    expect(parseStoredDefinition("a", "{not json")).toBeUndefined();
    expect(parseStoredDefinition("a", '{"type":"summary","help":"x"}')).toBeUndefined();
    expect(parseStoredDefinition("bad name", storedDefinition(definition))).toBeUndefined();
  });
});
