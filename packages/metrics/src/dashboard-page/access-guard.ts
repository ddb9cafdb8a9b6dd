import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The cookie a browser keeps after opening the page with `?token=`. */
export const SESSION_COOKIE = "redis_mcp_dashboard";

/** What a request may do, as the guard decided. */
export type AccessDecision = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Constant-time equality of two strings (compares their digests: no early exit, no length leak). */
function same(left: string, right: string): boolean {
  return timingSafeEqual(digest(left), digest(right));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/** The Host header's name without its port, lower-cased (`[::1]` keeps its brackets). */
function hostName(request: IncomingMessage): string {
  const host = (request.headers.host ?? "").toLowerCase();
  return (host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]) ?? "";
}

/**
 * The dashboard's gate, with the MCP server's HTTP rules: the Host header must name an allowed host
 * (DNS-rebinding protection), and with a token every request must carry it, as
 * `Authorization: Bearer <token>` or as the session cookie a browser gets by opening the page once
 * with `?token=<token>`. The cookie holds an HMAC of the token under a key made at start, never
 * the token, and stops working when the process restarts.
 */
export class AccessGuard {
  readonly #token: string | undefined;
  readonly #allowedHosts: Set<string> | undefined;
  readonly #sessionKey = randomBytes(32);

  constructor(options: { token?: string | undefined; allowedHosts?: readonly string[] | undefined }) {
    this.#token = options.token;
    this.#allowedHosts = options.allowedHosts ? new Set(options.allowedHosts.map((host) => host.toLowerCase())) : undefined;
  }

  /** True when requests need a token. */
  get requiresToken(): boolean {
    return this.#token !== undefined;
  }

  /** The session cookie's value for this process (an HMAC of the token). */
  #session(): string {
    return createHmac("sha256", this.#sessionKey)
      .update(this.#token ?? "")
      .digest("base64url");
  }

  /** Checks the Host header: a listed `host:port`, or a listed host name on any port. */
  hostAllowed(request: IncomingMessage): boolean {
    if (!this.#allowedHosts) return true;
    const host = (request.headers.host ?? "").toLowerCase();
    if (this.#allowedHosts.has(host)) return true;
    const name = hostName(request);
    return name !== "" && this.#allowedHosts.has(name);
  }

  /** True when `presented` is the token. */
  tokenMatches(presented: string): boolean {
    return this.#token !== undefined && same(presented, this.#token);
  }

  /** Host check, then the token (bearer header or session cookie). */
  check(request: IncomingMessage): AccessDecision {
    if (!this.hostAllowed(request)) {
      return {
        allowed: false,
        status: 403,
        message: `Host ${JSON.stringify(request.headers.host ?? "")} is not allowed (DNS-rebinding protection). Open the dashboard by an address it serves, or allow this one: redis-mcp dashboard --allowed-hosts ${hostName(request)}, or dashboardHandler's allowedHosts option.`,
      };
    }
    if (this.#token === undefined) return { allowed: true };
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
    if (bearer !== undefined && same(bearer, this.#token)) return { allowed: true };
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (cookie !== undefined && same(cookie, this.#session())) return { allowed: true };
    return {
      allowed: false,
      status: 401,
      message: "Unauthorized: open this page once as <address>?token=<token> (a cookie keeps you signed in), or send Authorization: Bearer <token>.",
    };
  }

  /** The Set-Cookie header that signs a browser in, scoped to the dashboard's path. */
  sessionCookie(path: string, secure: boolean): string {
    return `${SESSION_COOKIE}=${this.#session()}; Path=${path}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
  }
}
