import { RedisMcpError } from "@redis-mcp/core";
import { describe, expect, it } from "vitest";
import * as api from "./index.js";

type ErrorClass = (new (message: string) => RedisMcpError) & { code: string };

const errorClasses = (Object.values(api) as unknown[]).filter(
  (value): value is ErrorClass => typeof value === "function" && value.prototype instanceof RedisMcpError,
);

describe("errors", () => {
  it("exports one class per E_METRIC_* code", () => {
    expect(errorClasses.map((errorClass) => errorClass.code).sort()).toEqual([
      "E_METRIC_CARDINALITY",
      "E_METRIC_CONFLICT",
      "E_METRIC_INVALID",
      "E_METRIC_LABELS",
      "E_METRIC_NOT_FOUND",
    ]);
  });

  it("gives every exported error the base class, a unique code, its own name and the cross-copy brand", () => {
    for (const errorClass of errorClasses) {
      const error = new errorClass("something happened");
      expect(error).toBeInstanceOf(RedisMcpError);
      expect(RedisMcpError.isInstance(error)).toBe(true);
      expect(error.code).toBe(errorClass.code);
      expect(error.name).toBe(errorClass.name);
      expect(error.message).toBe("something happened");
    }
  });
});
