import { describe, expect, it } from "vitest";
import { REDIS_COMMAND_LINE_FLAGS, redisFlagValues } from "./command-line-flags.js";
import { REDIS_ENVIRONMENT_VARIABLES } from "./environment.js";
import { loadRedisConfig } from "./load-config.js";

describe("Redis command-line flags", () => {
  it("sets the same fields as environment variables do", () => {
    const fields = new Set(REDIS_ENVIRONMENT_VARIABLES.map((variable) => variable.field));
    for (const flag of REDIS_COMMAND_LINE_FLAGS) expect(fields, flag.flags).toContain(flag.field);
  });

  it("has no flag for a secret", () => {
    expect(REDIS_COMMAND_LINE_FLAGS.filter((flag) => /password|secret|token/i.test(flag.flags))).toEqual([]);
  });

  it("turns commander's values into config flags with their names for messages", () => {
    const values = redisFlagValues({ redisPort: "6380", redisTlsCaFile: "/ca.pem", json: true });
    expect(values).toEqual({ flags: { port: "6380", tls: { caFile: "/ca.pem" } }, flagNames: { port: "--redis-port", "tls.caFile": "--redis-tls-ca-file" } });
  });

  it("makes configuration errors name the flag", () => {
    expect(() => loadRedisConfig({ ...redisFlagValues({ redisPort: "abc" }), env: false, file: false })).toThrow(/from flag --redis-port/);
  });
});
