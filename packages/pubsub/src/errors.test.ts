import { RedisMcpError } from "@redis-mcp/core";
import { describe, expect, it } from "vitest";
import * as api from "./index.js";

type ErrorClass = (new (message: string) => RedisMcpError) & { code: string };

const errorClasses = (Object.values(api) as unknown[]).filter(
  (value): value is ErrorClass => typeof value === "function" && value.prototype instanceof RedisMcpError,
);

describe("errors", () => {
  it("gives every exported error the base class, a unique E_PUBSUB_ code and its own name", () => {
    expect(errorClasses.length).toBeGreaterThanOrEqual(6);
    const codes = errorClasses.map((errorClass) => errorClass.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const errorClass of errorClasses) {
      const error = new errorClass("something happened");
      expect(error).toBeInstanceOf(RedisMcpError);
      expect(RedisMcpError.isInstance(error)).toBe(true);
      expect(error.code).toBe(errorClass.code);
      expect(error.code).toMatch(/^E_PUBSUB_[A-Z_]+$/);
      expect(error.name).toBe(errorClass.name);
      expect(error.message).toBe("something happened");
    }
  });

  it("keeps the raw bytes and where an invalid message came from", () => {
    const raw = Buffer.from("not json");
    const error = new api.InvalidMessageError("bad", { channel: "orders", pattern: "ord*", raw, cause: new SyntaxError("x") });
    expect(error).toMatchObject({ channel: "orders", pattern: "ord*", raw });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});
