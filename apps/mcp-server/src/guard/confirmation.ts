import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const VALID_FOR_MS = 5 * 60_000;

/** Arguments that do not change what a run does: excluded from the token. */
const IGNORED = new Set(["dryRun", "confirmationToken"]);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([name, item]) => !IGNORED.has(name) && item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Who may use a confirmation token: the principal (its stable id) and the MCP session that asked
 * for the dry run. A token copied into another session, or used by another token, is refused.
 */
export interface ConfirmationBinding {
  principalId: string;
  sessionKey: string;
}

/**
 * Confirmation tokens for destructive work when the client cannot be asked (no elicitation): a
 * dry run returns a token bound to the tool, its arguments, the principal and session that asked,
 * and an expiry (HMAC with a per-process secret); the real run must bring it back unchanged.
 */
export class ConfirmationTokens {
  readonly #secret = randomBytes(32);

  #mac(tool: string, args: unknown, binding: ConfirmationBinding, expires: number): string {
    return createHmac("sha256", this.#secret)
      .update(`${binding.principalId}\n${binding.sessionKey}\n${tool}\n${expires}\n${canonical(args)}`)
      .digest("base64url");
  }

  /** A token for running `tool` with `args` within five minutes, by this principal in this session. */
  issue(tool: string, args: unknown, binding: ConfirmationBinding, now = Date.now()): string {
    const expires = now + VALID_FOR_MS;
    return `${expires}.${this.#mac(tool, args, binding, expires)}`;
  }

  /**
   * Whether `token` was issued for exactly this tool and these arguments, to this principal in this
   * session, and has not expired.
   */
  verify(tool: string, args: unknown, token: string, binding: ConfirmationBinding, now = Date.now()): "valid" | "expired" | "mismatch" {
    const [expiresText, mac] = token.split(".");
    const expires = Number(expiresText);
    if (!mac || !Number.isSafeInteger(expires)) return "mismatch";
    const expected = Buffer.from(this.#mac(tool, args, binding, expires));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "mismatch";
    return expires < now ? "expired" : "valid";
  }
}
