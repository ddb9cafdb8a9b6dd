import { RedisMcpError } from "@redis-mcp/core";
import { describe, expect, it } from "vitest";
import { sessionKey } from "./session-key.js";

describe("sessionKey", () => {
  it("puts the id in a hash tag after the prefix", () => {
    expect(sessionKey("3f2a")).toBe("sess:{3f2a}");
    expect(sessionKey("3f2a", "app:sess:")).toBe("app:sess:{3f2a}");
  });

  it("rejects ids that would break the hash tag", () => {
    for (const id of ["", "a{b", "a}b"]) {
      expect(() => sessionKey(id)).toThrow(/must be non-empty and must not contain/);
      try {
        sessionKey(id);
      } catch (error) {
        expect(RedisMcpError.isInstance(error) && error.code).toBe("E_INVALID_ARGUMENT");
      }
    }
  });
});
