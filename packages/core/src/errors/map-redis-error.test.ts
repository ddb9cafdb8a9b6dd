import { describe, expect, it } from "vitest";
import { toRedisMcpError } from "./map-redis-error.js";
import type { RedisMcpErrorCode } from "./redis-mcp-error.js";

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

/** What ioredis rejects with for an error reply: an Error named ReplyError whose message is the reply. */
function reply(message: string): Error {
  return Object.assign(new Error(message), { name: "ReplyError" });
}

describe("toRedisMcpError", () => {
  const cases: [string, RedisMcpErrorCode][] = [
    ["NOGROUP No such key 'jobs' or consumer group 'workers' in XREADGROUP with GROUP option", "E_GROUP_NOT_FOUND"],
    ["BUSYGROUP Consumer Group name already exists", "E_GROUP_EXISTS"],
    ["ERR no such key", "E_NOT_FOUND"],
    ["BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.", "E_BUSY"],
    ["OOM command not allowed when used memory > 'maxmemory'.", "E_OUT_OF_MEMORY"],
    ["CROSSSLOT Keys in request don't hash to the same slot", "E_CROSSSLOT"],
    ["WRONGTYPE Operation against a key holding the wrong kind of value", "E_WRONG_TYPE"],
    ["NOPERM User reader has no permissions to run the 'set' command", "E_NO_PERMISSION"],
    ["WRONGPASS invalid username-password pair or user is disabled.", "E_AUTH"],
    ["ERR unknown command 'HEXPIRE', with args beginning with: ", "E_UNSUPPORTED"],
    ["LOADING Redis is loading the dataset in memory", "E_REDIS_UNAVAILABLE"],
    ["Command timed out", "E_TIMEOUT"],
    ["BUSYKEY Target key name already exists.", "E_REDIS_COMMAND"],
    ["ERR value is not an integer or out of range", "E_REDIS_COMMAND"],
  ];

  it.each(cases)("maps %j to %s", (message, code) => {
    const mapped = toRedisMcpError(reply(message), "op");
    expect(mapped.code).toBe(code);
    expect(mapped.message.startsWith("op: ")).toBe(true);
    expect(mapped.cause).toBeInstanceOf(Error);
  });
});
