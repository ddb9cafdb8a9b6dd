import { describe, expect, it } from "vitest";
import { MetricLabelsError } from "./errors.js";
import { labelsOfKey, overflowSeriesKey, seriesKeyOf, seriesKeyOfValues } from "./labels.js";

const names = ["method", "status"];

describe("seriesKeyOf", () => {
  it("orders values by labelNames, so every instance computes the same key", () => {
    expect(seriesKeyOf(names, { status: 200, method: "GET" }, "op")).toBe('["GET","200"]');
    expect(seriesKeyOf(names, { method: "GET", status: "200" }, "op")).toBe('["GET","200"]');
  });

  it("keeps any characters of label values apart (quotes, commas, newlines, unicode)", () => {
    const key = seriesKeyOf(names, { method: 'a","b', status: "x\ny ✓" }, "op");
    expect(labelsOfKey(names, key)).toEqual({ method: 'a","b', status: "x\ny ✓" });
  });

  it("takes no labels, or an empty object, for a metric without labels", () => {
    expect(seriesKeyOf([], undefined, "op")).toBe("[]");
    expect(seriesKeyOf([], {}, "op")).toBe("[]");
    expect(() => seriesKeyOf([], { method: "GET" }, "op")).toThrow(MetricLabelsError);
  });

  it("rejects a missing label, an unknown label and values that are neither strings nor finite numbers", () => {
    const cases: [unknown, RegExp][] = [
      [{ method: "GET" }, /label "status" is missing/],
      [{ method: "GET", status: 200, colour: "red" }, /unknown label "colour"/],
      [{ method: "GET", status: Number.NaN }, /label "status" must be a string or a finite number/],
      [{ method: "GET", status: null }, /label "status" must be a string/],
      [{ method: true, status: 1 }, /label "method" must be a string/],
      [undefined, /pass the labels as an object with "method", "status"/],
      [["GET", 200], /pass the labels as an object/],
    ];
    for (const [labels, message] of cases) {
      let caught: unknown;
      try {
        seriesKeyOf(names, labels, 'counter "x" inc()');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MetricLabelsError);
      expect((caught as MetricLabelsError).code).toBe("E_METRIC_LABELS");
      expect((caught as Error).message).toMatch(message);
    }
  });
});

describe("positional label values", () => {
  it("follow labelNames order and must all be there", () => {
    expect(seriesKeyOfValues(names, ["GET", 200], "op")).toBe('["GET","200"]');
    expect(() => seriesKeyOfValues(names, ["GET"], "op")).toThrow(/expected 2 label value\(s\) \(method, status\), got 1/);
  });
});

describe("overflow series", () => {
  it("sets every label to __overflow__", () => {
    expect(labelsOfKey(names, overflowSeriesKey(names))).toEqual({ method: "__overflow__", status: "__overflow__" });
  });
});

describe("labelsOfKey", () => {
  it("refuses keys that do not fit the label names", () => {
    expect(labelsOfKey(names, "not json")).toBeUndefined();
    expect(labelsOfKey(names, '["only one"]')).toBeUndefined();
    expect(labelsOfKey(names, "[1,2]")).toBeUndefined();
  });
});
