import { describe, expect, it } from "vitest";
import { commandLineWarnings } from "./command-line-warnings.js";
import { parseArguments } from "./parse-arguments.js";

describe("commandLineWarnings", () => {
  it("warns about a password in --redis-url, without repeating it", () => {
    const warnings = commandLineWarnings(parseArguments(["--redis-url", "redis://app:s3cret-pw@cache:6379"], {}));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/--redis-url contains a password.*process list.*REDIS_URL/);
    expect(warnings[0]).not.toContain("s3cret-pw");
  });

  it("says nothing for a URL without a password, or a password from the environment", () => {
    expect(commandLineWarnings(parseArguments(["--redis-url", "redis://cache:6379"], {}))).toEqual([]);
    expect(commandLineWarnings(parseArguments([], { REDIS_URL: "redis://:pw@cache:6379" }))).toEqual([]);
  });
});
