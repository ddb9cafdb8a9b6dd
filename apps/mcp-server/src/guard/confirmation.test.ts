import { describe, expect, it } from "vitest";
import { ConfirmationTokens } from "./confirmation.js";

const ALICE_ONE = { principalId: "alice", sessionKey: "session-1" };

describe("ConfirmationTokens", () => {
  it("accepts its own token for the same tool, arguments, principal and session", () => {
    const tokens = new ConfirmationTokens();
    const token = tokens.issue("delete_keys", { pattern: "a:*" }, ALICE_ONE);
    expect(tokens.verify("delete_keys", { pattern: "a:*", dryRun: false }, token, ALICE_ONE)).toBe("valid");
  });

  it("refuses it in another session, for another principal, or for other arguments", () => {
    const tokens = new ConfirmationTokens();
    const token = tokens.issue("delete_keys", { pattern: "a:*" }, ALICE_ONE);
    expect(tokens.verify("delete_keys", { pattern: "a:*" }, token, { principalId: "alice", sessionKey: "session-2" })).toBe("mismatch");
    expect(tokens.verify("delete_keys", { pattern: "a:*" }, token, { principalId: "bob", sessionKey: "session-1" })).toBe("mismatch");
    expect(tokens.verify("delete_keys", { pattern: "b:*" }, token, ALICE_ONE)).toBe("mismatch");
    expect(new ConfirmationTokens().verify("delete_keys", { pattern: "a:*" }, token, ALICE_ONE)).toBe("mismatch");
  });

  it("expires after five minutes", () => {
    const tokens = new ConfirmationTokens();
    const token = tokens.issue("delete_keys", { pattern: "a:*" }, ALICE_ONE, 0);
    expect(tokens.verify("delete_keys", { pattern: "a:*" }, token, ALICE_ONE, 5 * 60_000)).toBe("valid");
    expect(tokens.verify("delete_keys", { pattern: "a:*" }, token, ALICE_ONE, 5 * 60_000 + 1)).toBe("expired");
  });
});
