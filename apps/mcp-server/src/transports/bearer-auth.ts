import { createHash, timingSafeEqual } from "node:crypto";
import type { AccessToken } from "../settings/mcp-server-settings.js";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Finds the token an `Authorization: Bearer ...` header carries. Compares SHA-256 digests in
 * constant time against every configured token (no early exit, no length leak).
 */
export function authenticate(header: string | undefined, tokens: readonly AccessToken[]): AccessToken | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const presented = digest(match?.[1] ?? "");
  let found: AccessToken | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(presented, digest(token.token.reveal())) && match) found ??= token;
  }
  return found;
}
