import { describe, expect, it } from "vitest";
import { accessOf } from "./raw-command.js";

const spec = (flags: string[], categories: string[] = []) => ({ flags: new Set(flags), aclCategories: new Set(categories) });

describe("accessOf", () => {
  it("gives admin to what the server marks admin or dangerous, whatever else it says", () => {
    expect(accessOf(spec(["admin", "noscript"], ["@admin", "@slow", "@dangerous"]))).toBe("admin");
    expect(accessOf(spec(["readonly"], ["@keyspace", "@read", "@slow", "@dangerous"]))).toBe("admin");
    expect(accessOf(spec(["write"], ["@keyspace", "@write", "@slow", "@dangerous"]))).toBe("admin");
  });

  it("never reads for a write flag or the @write category", () => {
    expect(accessOf(spec(["write", "denyoom"], ["@write", "@string"]))).toBe("write");
    expect(accessOf(spec(["readonly", "write"]))).toBe("write");
    expect(accessOf(spec([], ["@write"]))).toBe("write");
  });

  it("treats scripts and unflagged module commands as writes, since the server cannot say they only read", () => {
    expect(accessOf(spec(["noscript", "movablekeys"], ["@slow", "@scripting"]))).toBe("write");
    expect(accessOf(spec(["module"]))).toBe("write");
    expect(accessOf(spec(["readonly", "module"]))).toBe("read");
  });

  it("reads for readonly commands and harmless keyless ones", () => {
    expect(accessOf(spec(["readonly", "fast"], ["@read", "@string", "@fast"]))).toBe("read");
    expect(accessOf(spec(["fast"], ["@fast", "@connection"]))).toBe("read");
    expect(accessOf(spec(["loading", "stale", "fast"], ["@fast"]))).toBe("read");
  });
});
