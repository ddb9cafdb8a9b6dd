import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { checkEveryResult } from "./full-output-schemas.js";

/** The built server, run as users run it. */
export const SERVER_BIN = fileURLToPath(new URL("../../dist/redis-mcp-server.js", import.meta.url));

/**
 * A clean environment: no REDIS_* from the machine, so only what a test passes counts. Every
 * toolset is listed (REDIS_MCP_TOOLSETS=all), so tests call any tool without enable_toolset;
 * delete it (or pass --toolsets) to test the default listing.
 */
export function cleanEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", REDIS_MCP_TOOLSETS: "all", ...extra };
}

/** An MCP client over stdio to a fresh server process; `stderr()` is what the server logged. */
export interface StdioConnection {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** Starts the server over stdio with these arguments and environment, and initializes a client. */
export async function connectStdio(args: string[], environment: Record<string, string>): Promise<StdioConnection> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [SERVER_BIN, ...args], env: environment, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: "redis-mcp-tests", version: "0.0.0" });
  await client.connect(transport);
  await validateResults(client);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/**
 * Lists the tools once, which makes the SDK client check every later tool result's
 * structuredContent against that tool's advertised (trimmed) output schema, and checks every
 * result against the tool's full output schema too (required fields, nested shapes). The server
 * does not re-validate its results, so this is what proves them.
 */
async function validateResults(client: Client): Promise<void> {
  await client.listTools();
  checkEveryResult(client);
}

/** A server process serving HTTP. */
export interface HttpServerProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the server with --http on an OS-assigned port and waits for its URL on stderr. */
export async function startHttpServer(args: string[], environment: Record<string, string>): Promise<HttpServerProcess> {
  const child = spawn(process.execPath, [SERVER_BIN, "--http", "--port", "0", ...args], { env: environment, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /Streamable HTTP at (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** An initialized MCP client over Streamable HTTP, optionally with a bearer token. */
export async function connectHttp(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: "redis-mcp-tests", version: "0.0.0" });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  await validateResults(client);
  return client;
}

/** The text of a tool result (errors included). */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? "").join("\n");
}
