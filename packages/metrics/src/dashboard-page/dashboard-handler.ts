import type { IncomingMessage, ServerResponse } from "node:http";
import { adoptRedis, type IoredisLike, type RedisClient, type RedisMcpError } from "@redis-mcp/core";
import { MetricInvalidError } from "../errors.js";
import { assertPrefix } from "../metric-keys.js";
import { AccessGuard } from "./access-guard.js";
import { ASSET_NAMES, loadAssets } from "./dashboard-assets.js";
import { DashboardFeed } from "./dashboard-feed.js";
import { DashboardReader } from "./dashboard-reader.js";

/** Options of {@link dashboardHandler}. */
export interface DashboardOptions {
  /** Metrics key prefix to show, as given to `createMetrics` (default `metrics`). */
  prefix?: string;
  /** Page heading (default `Redis dashboard`). */
  title?: string;
  /** How often the one shared poller reads Redis while a page is open (default 2,000 ms, at least 250). */
  refreshIntervalMs?: number;
  /** Stored minutes the metric charts show (default 60, at most 1,440). */
  historyMinutes?: number;
  /** How often the keyspace is sampled by namespace while a page is open (default 60,000 ms); 0 turns it off. */
  keyspaceIntervalMs?: number;
  /** RANDOMKEY draws per keyspace sample (default 500). */
  keyspaceSamples?: number;
  /** When set (at least 16 characters), every request needs it: `Authorization: Bearer`, or a cookie set by opening the page with `?token=`. */
  token?: string;
  /** Host headers accepted (`name` or `name:port`); any when unset. Protects a loopback dashboard from DNS rebinding. */
  allowedHosts?: readonly string[];
  /** Most pages open at once (default 100); more get 503. */
  maxClients?: number;
  /** Told about every failed read. Default: ignore (the page shows the error). */
  onError?: (error: RedisMcpError) => void;
}

/** A `(request, response)` listener that serves the dashboard, with `close()` to stop its poller and end open pages' streams. */
export type DashboardRequestHandler = ((request: IncomingMessage, response: ServerResponse) => void) & {
  /** Stops the poller and closes every open event stream. Leaves the Redis client open (it is the caller's). */
  close(): Promise<void>;
};

/** Same-origin only, no inline code: the page runs its own files and nothing else. */
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
};

function integerOption(value: unknown, fallback: number, name: string, minimum: number, maximum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > maximum) {
    throw new MetricInvalidError(`dashboardHandler: ${name} must be an integer from ${minimum} to ${maximum}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function text(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8", ...headers }).end(`${message}\n`);
}

/** The path a request was made to, before a framework stripped its mount point (express keeps it in `originalUrl`). */
function fullPath(request: IncomingMessage): string {
  const original = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? "/";
  return original.split("?")[0] ?? "/";
}

/**
 * Serves a live dashboard of this Redis and of the metrics under a prefix: one page (no framework,
 * uPlot charts served from the installed package, light and dark), and a Server-Sent Events stream
 * at `events`. One poller reads Redis every `refreshIntervalMs` while at least one page is open,
 * and every page gets the same read. Read-only: it answers GET and HEAD, and sends Redis only reads.
 * Mount it under a path that ends with `/` (a request for the path without it is redirected).
 * @throws MetricInvalidError (`E_METRIC_INVALID`) for bad options; InvalidArgumentError (`E_INVALID_ARGUMENT`) when `redis` is not an ioredis client.
 * @example
 * const dashboard = dashboardHandler(redis, { prefix: "shop" });
 * app.get("/metrics", metrics.metricsHandler());
 * app.use("/dashboard", dashboard); // http://localhost:3000/dashboard/
 */
export function dashboardHandler(redis: RedisClient | IoredisLike, options: DashboardOptions = {}): DashboardRequestHandler {
  if (typeof options !== "object" || options === null) throw new MetricInvalidError('dashboardHandler: options must be an object, e.g. { prefix: "metrics" }.');
  const prefix = options.prefix ?? "metrics";
  assertPrefix(prefix);
  if (options.token !== undefined && (typeof options.token !== "string" || options.token.length < 16)) {
    throw new MetricInvalidError("dashboardHandler: token must be a string of at least 16 characters (generate one with: openssl rand -hex 32).");
  }
  if (options.allowedHosts !== undefined && (!Array.isArray(options.allowedHosts) || !options.allowedHosts.every((host) => typeof host === "string"))) {
    throw new MetricInvalidError('dashboardHandler: allowedHosts must be a list of host names, e.g. ["localhost", "127.0.0.1:9000"].');
  }
  if (options.onError !== undefined && typeof options.onError !== "function") throw new MetricInvalidError("dashboardHandler: onError must be a function.");
  const title = options.title ?? "Redis dashboard";
  if (typeof title !== "string" || title.length > 200) throw new MetricInvalidError("dashboardHandler: title must be a string of at most 200 characters.");
  const refreshIntervalMs = integerOption(options.refreshIntervalMs, 2_000, "refreshIntervalMs", 250, 3_600_000);
  const maxClients = integerOption(options.maxClients, 100, "maxClients", 1, 100_000);
  const onError = options.onError;
  const reader = new DashboardReader(adoptRedis(redis), {
    prefix,
    title,
    refreshIntervalMs,
    historyMinutes: integerOption(options.historyMinutes, 60, "historyMinutes", 2, 1_440),
    nodeHistoryPoints: 150,
    keyspaceIntervalMs: integerOption(options.keyspaceIntervalMs, 60_000, "keyspaceIntervalMs", 0, 86_400_000),
    keyspaceSamples: integerOption(options.keyspaceSamples, 500, "keyspaceSamples", 1, 100_000),
    now: Date.now,
    onError: (error) => {
      try {
        onError?.(error);
      } catch {
        // A failing error handler must not stop the dashboard.
      }
    },
  });
  const feed = new DashboardFeed(async () => `event: state\ndata: ${JSON.stringify(await reader.refresh())}\n\n`, refreshIntervalMs);
  const guard = new AccessGuard({ token: options.token, allowedHosts: options.allowedHosts });
  const assets = loadAssets();
  const streams = new Set<ServerResponse>();

  function openStream(request: IncomingMessage, response: ServerResponse): void {
    if (streams.size >= maxClients) {
      text(response, 503, `Too many open dashboards (${maxClients}); close one or retry later.`, { "Retry-After": "5" });
      return;
    }
    response.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive", "X-Accel-Buffering": "no" });
    response.write(`retry: ${Math.max(1_000, refreshIntervalMs)}\n\n`);
    streams.add(response);
    const unsubscribe = feed.subscribe((event) => response.write(event));
    const end = () => {
      unsubscribe();
      streams.delete(response);
    };
    request.once("close", end);
    response.once("close", end);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "GET" && request.method !== "HEAD") {
      text(response, 405, "Method Not Allowed: the dashboard is read-only.", { Allow: "GET, HEAD" });
      return;
    }
    const url = new URL(request.url ?? "/", "http://dashboard");
    const path = fullPath(request);
    const name = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
    if (name === "" && !path.endsWith("/")) {
      // Relative asset addresses need the trailing slash.
      response.writeHead(308, { ...SECURITY_HEADERS, Location: `${path}/${url.search}` }).end();
      return;
    }
    const presented = url.searchParams.get("token");
    if (name === "" && presented !== null && guard.requiresToken && guard.hostAllowed(request)) {
      if (!guard.tokenMatches(presented)) {
        text(response, 401, "Unauthorized: that token is not the dashboard's.");
        return;
      }
      // Signed in: the cookie replaces the token, and the redirect takes it out of the address bar and history.
      const secure = Boolean((request.socket as { encrypted?: boolean }).encrypted);
      response.writeHead(303, { ...SECURITY_HEADERS, "Set-Cookie": guard.sessionCookie(path, secure), Location: path }).end();
      return;
    }
    const decision = guard.check(request);
    if (!decision.allowed) {
      text(response, decision.status, decision.message, decision.status === 401 ? { "WWW-Authenticate": 'Bearer realm="redis-mcp dashboard"' } : {});
      return;
    }
    if (name === "events") {
      if (request.method === "HEAD") response.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": "text/event-stream; charset=utf-8" }).end();
      else openStream(request, response);
      return;
    }
    if (!ASSET_NAMES.has(name)) {
      text(response, 404, "Not found.");
      return;
    }
    const asset = (await assets()).get(name);
    if (!asset) {
      text(response, 404, "Not found.");
      return;
    }
    response.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": asset.contentType, "Content-Length": String(asset.body.length) });
    response.end(request.method === "HEAD" ? undefined : asset.body);
  }

  const handler = ((request: IncomingMessage, response: ServerResponse) => {
    serve(request, response).catch(() => {
      // Only reading the package's own files can fail here: a damaged install.
      if (!response.headersSent) text(response, 500, "The dashboard's files cannot be read; reinstall @redis-mcp/metrics.");
      else response.end();
    });
  }) as DashboardRequestHandler;
  handler.close = async () => {
    feed.close();
    for (const stream of streams) stream.end();
    streams.clear();
  };
  return handler;
}
