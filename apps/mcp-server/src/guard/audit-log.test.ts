import { describe, expect, it } from "vitest";
import { redactArguments } from "./audit-log.js";

describe("redactArguments", () => {
  it("keeps descriptive arguments and reduces data arguments to their size", () => {
    expect(redactArguments({ key: "user:1", value: "hunter2", members: ["a", "b"], by: 5, ttlMs: 1000 })).toEqual({
      key: "user:1",
      value: "[redacted: 7 chars]",
      members: "[redacted: 2 items]",
      by: "[redacted]",
      ttlMs: 1000,
    });
  });

  it("keeps the names of a record and never its values, however nested", () => {
    const logged = JSON.stringify(redactArguments({ fields: { email: { deep: ["secret-1"] } }, payloads: [{ card: "secret-2" }], values: { k: "secret-3" } }));
    expect(logged).not.toMatch(/secret-/);
    expect(logged).toContain('"email":"[redacted]"');
    expect(logged).toContain('"k":"[redacted]"');
  });

  it("names redis_command's command and only counts its arguments", () => {
    expect(redactArguments({ command: ["CONFIG", "SET", "requirepass", "hunter2"] })).toEqual({ command: ["CONFIG", "[redacted: 3 arguments]"] });
    expect(redactArguments({ command: ["PING"] })).toEqual({ command: ["PING"] });
  });

  it("redacts anything named like a secret, and unknown arguments", () => {
    expect(redactArguments({ confirmationToken: "abc", redisPassword: "pw", somethingNew: "data" })).toEqual({
      confirmationToken: "[redacted]",
      redisPassword: "[redacted]",
      somethingNew: "[redacted: 4 chars]",
    });
  });

  it("caps long lists and strings, and never logs objects inside a descriptive list", () => {
    const logged = redactArguments({ keys: Array.from({ length: 25 }, (_, index) => `k${index}`), pattern: "p".repeat(300), ids: [{ hidden: "x" }] });
    expect(logged.keys).toHaveLength(21);
    expect((logged.keys as string[]).at(-1)).toBe("… (5 more)");
    expect(logged.pattern).toBe(`${"p".repeat(200)}… (300 chars)`);
    expect(logged.ids).toEqual(["[redacted]"]);
  });
});
