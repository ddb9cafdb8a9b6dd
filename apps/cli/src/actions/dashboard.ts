import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dashboardHandler } from "@redis-mcp/metrics/dashboard";
import { withRedis } from "../cli/connect.js";
import { CliError, EXIT_CODES } from "../cli/exit-codes.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import type { DashboardCommandOptions } from "../commands/dashboard.js";

/** The variable the dashboard's token comes from: never a flag, so it stays out of `ps` and shell history. */
export const DASHBOARD_TOKEN_VARIABLE = "REDIS_MCP_DASHBOARD_TOKEN";

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Host headers the page answers: the loopback names and the listen address, on the real port, plus the operator's. */
function allowedHostsFor(host: string, port: number, extra: string | undefined): string[] {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const names = ["127.0.0.1", "localhost", "[::1]", bracketed].map((name) => `${name}:${port}`);
  const added = (extra ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return [...names, ...added];
}

/** `redis-mcp dashboard`: serves the page until SIGINT or SIGTERM. */
export async function dashboard(invocation: Invocation, options: DashboardCommandOptions): Promise<void> {
  const output = outputOf(invocation);
  const environment = invocation.runtime.streams.env;
  const token = environment[DASHBOARD_TOKEN_VARIABLE] || undefined;
  if (!isLoopback(options.host) && token === undefined) {
    throw new CliError(
      "E_CONFIG_INVALID",
      `Refusing to serve the dashboard on ${options.host} without a token: set ${DASHBOARD_TOKEN_VARIABLE} (generate one with: openssl rand -hex 32), or listen on 127.0.0.1.`,
      EXIT_CODES.usage,
    );
  }
  if (token !== undefined && token.length < 16) {
    throw new CliError(
      "E_CONFIG_INVALID",
      `${DASHBOARD_TOKEN_VARIABLE} must be at least 16 characters (generate one with: openssl rand -hex 32).`,
      EXIT_CODES.usage,
    );
  }
  await withRedis(invocation, async (redis) => {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      const refuse = (error: Error) =>
        reject(new CliError("E_LISTEN", `Cannot listen on ${options.host}:${options.port}: ${error.message}. Pick another --port or --host.`));
      server.once("error", refuse);
      server.listen(options.port, options.host, () => {
        server.off("error", refuse);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    let lastErrorCode: string | undefined;
    const handler = dashboardHandler(redis, {
      prefix: options.prefix,
      refreshIntervalMs: options.refreshMs,
      ...(token === undefined ? {} : { token }),
      allowedHosts: allowedHostsFor(options.host, port, options.allowedHosts),
      onError: (error) => {
        // One line per change of trouble, not one per refresh.
        if (error.code !== lastErrorCode) output.note(`redis-mcp dashboard: ${error.message}`);
        lastErrorCode = error.code;
      },
    });
    server.on("request", handler);
    const host = options.host.includes(":") && !options.host.startsWith("[") ? `[${options.host}]` : options.host;
    const url = `http://${host}:${port}/`;
    output.result({ url, tokenRequired: token !== undefined }, () =>
      token === undefined
        ? `Dashboard on ${url} (Ctrl+C to stop)`
        : `Dashboard on ${url} (Ctrl+C to stop)\nSign in once at ${url}?token=<${DASHBOARD_TOKEN_VARIABLE}>; the page keeps a cookie, not the token.`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await handler.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}
