import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as data from "../data/index.js";
import * as diagnostics from "../diagnostics/index.js";
import * as api from "../index.js";
import * as localServer from "../local-server/index.js";
import * as probabilistic from "../probabilistic/index.js";
import * as queue from "../queue/index.js";
import { RedisMcpError } from "./redis-mcp-error.js";

type ErrorClass = (new (message: string) => RedisMcpError) & { code: string };

// Every entry of the package: an error class exported from any of them must follow the contract.
const exported = [api, data, diagnostics, localServer, probabilistic, queue].flatMap((entry) => Object.values(entry) as unknown[]);
const errorClasses = exported.filter((value): value is ErrorClass => typeof value === "function" && value.prototype instanceof RedisMcpError);

describe("errors", () => {
  it("exports at least the codes DESIGN.md names", () => {
    expect(errorClasses.map((errorClass) => errorClass.code)).toEqual(
      expect.arrayContaining(["E_CONFIG_INVALID", "E_REDIS_UNAVAILABLE", "E_TIMEOUT", "E_CROSSSLOT", "E_GROUP_NOT_FOUND", "E_BUSY", "E_OUT_OF_MEMORY"]),
    );
  });

  it("gives every exported error the base class, a unique code and its own name", () => {
    const codes = errorClasses.map((errorClass) => errorClass.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const errorClass of errorClasses) {
      const error = new errorClass("something happened");
      expect(error).toBeInstanceOf(RedisMcpError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(errorClass.code);
      expect(error.name).toBe(errorClass.name);
      expect(error.message).toBe("something happened");
    }
  });

  it("are the codes the README's Errors table documents, no more and no fewer", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("## Errors"), readme.indexOf("## Compatibility"));
    const documented = [...table.matchAll(/^\| `(\w+)` \| `(E_[A-Z_]+)` \|/gm)].map(([, name, code]) => `${name} ${code}`);
    expect(documented.sort()).toEqual(errorClasses.map((errorClass) => `${errorClass.name} ${errorClass.code}`).sort());
  });

  it("recognises errors from another copy of the package through the Symbol.for brand", () => {
    const foreign = Object.assign(new Error("from another copy"), { [Symbol.for("@redis-mcp/error")]: true, code: "E_TIMEOUT" });
    expect(foreign instanceof RedisMcpError).toBe(false);
    expect(RedisMcpError.isInstance(foreign)).toBe(true);
    expect(RedisMcpError.isInstance(new Error("plain"))).toBe(false);
    expect(RedisMcpError.isInstance(null)).toBe(false);
  });

  it("keeps the cause", () => {
    const cause = new Error("ECONNREFUSED");
    const error = new api.RedisUnavailableError("Redis at 127.0.0.1:1 refused the connection.", { cause });
    expect(error.cause).toBe(cause);
  });
});
