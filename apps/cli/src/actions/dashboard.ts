import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
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

/** Every address of the machine: the page is then reached by names and addresses the CLI cannot know. */
function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/** A name to show in the --allowed-hosts example: one of this machine's own network addresses, if it has one. */
function exampleHost(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((address) => !address.internal && address.family === "IPv4");
    if (external) return external.address;
  }
  return "dashboard.example.lan";
}

/** The names of `--allowed-hosts a,b`. */
function listedHosts(flag: string | undefined): string[] {
  return (flag ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** Host headers the page answers: the loopback names and the listen address, on the real port, plus the operator's. */
function allowedHostsFor(host: string, port: number, extra: string | undefined): string[] {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const names = ["127.0.0.1", "localhost", "[::1]", bracketed].map((name) => `${name}:${port}`);
  return [...names, ...listedHosts(extra)];
}

/** What a page on every address answers to, and how to add to it: without this, opening it by the machine's address gets 403 and no clue. */
function wildcardHint(allowedHosts: string | undefined): string {
  const listed = listedHosts(allowedHosts);
  return listed.length === 0
    ? `Listening on every address, but answering only to loopback names: add the names or addresses people open it by with --allowed-hosts (e.g. --allowed-hosts ${exampleHost()}).`
    : `Listening on every address, answering to loopback names and --allowed-hosts ${listed.join(",")}; other Host names get 403.`;
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
      [
        `Dashboard on ${url} (Ctrl+C to stop)`,
        ...(token === undefined ? [] : [`Sign in once at ${url}?token=<${DASHBOARD_TOKEN_VARIABLE}>; the page keeps a cookie, not the token.`]),
        // Requests must name a Host the page knows (DNS-rebinding protection): on every address, that is the operator's to list.
        ...(isWildcard(options.host) ? [wildcardHint(options.allowedHosts)] : []),
      ].join("\n"),
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
