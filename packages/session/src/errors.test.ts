import { RedisMcpError } from "@redis-mcp/core";
import { expect, it } from "vitest";
import * as api from "./index.js";

type ErrorClass = (new (message: string) => RedisMcpError) & { code: string };

it("gives every exported error the base class, a unique E_SESSION_ code and its own name", () => {
  const classes = (Object.values(api) as unknown[]).filter(
    (value): value is ErrorClass => typeof value === "function" && value.prototype instanceof RedisMcpError,
  );
  expect(classes.map((errorClass) => errorClass.code).sort()).toEqual(["E_SESSION_DECRYPT", "E_SESSION_INVALID", "E_SESSION_KEY", "E_SESSION_TOO_LARGE"]);
  for (const errorClass of classes) {
    const error = new errorClass("something happened");
    expect(RedisMcpError.isInstance(error)).toBe(true);
    expect(error.code).toBe(errorClass.code);
    expect(error.name).toBe(errorClass.name);
  }
});
