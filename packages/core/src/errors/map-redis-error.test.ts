import { describe, expect, it } from "vitest";
import { toRedisMcpError } from "./map-redis-error.js";

describe("toRedisMcpError for an unreachable Redis", () => {
  it("replaces ioredis's maxRetriesPerRequest text with what happened", () => {
    const raw = new Error('Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option for details.');
    const error = toRedisMcpError(raw, "GET k");
    expect(error.code).toBe("E_REDIS_UNAVAILABLE");
    expect(error.message).toMatch(/^GET k: Redis is unreachable; retrying\. The client reconnects on its own/);
    expect(error.message).not.toContain("maxRetriesPerRequest");
    expect(error.cause).toBe(raw);
  });

  it("keeps the address a core connection names", () => {
    const error = toRedisMcpError(new Error("Redis at 10.0.0.7:6380 is unreachable; retrying"), "string_get");
    expect(error.code).toBe("E_REDIS_UNAVAILABLE");
    expect(error.message).toMatch(/^string_get: Redis at 10\.0\.0\.7:6380 is unreachable; retrying\. /);
  });
});
