import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/** A server process serving Streamable HTTP, as the bench spawned it. */
export interface HttpServerProcess {
  /** The MCP endpoint. */
  url: URL;
  pid: number;
  stop(): Promise<void>;
}

/** An initialized MCP session over Streamable HTTP. */
export interface McpHttpSession {
  client: Client;
  /** Ends the session on the server (DELETE) and closes the client. */
  close(): Promise<void>;
}

const URL_LINE = /Streamable HTTP at (http:\/\/\S+)/;

/** Spawns `node <args>` and waits for the line on stderr that names the HTTP endpoint. */
export async function spawnHttpServer(args: string[], env: Record<string, string>): Promise<HttpServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the HTTP server did not start in 10 s:\n${stderr}`)), 10_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4096);
      const match = URL_LINE.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the HTTP server exited (${code}) before listening:\n${stderr}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the HTTP server has no process id");
  return {
    url,
    pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A kept-alive socket the server closed (idle timeout) just as the client reused it. */
function staleSocket(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return error instanceof TypeError && cause?.code === "UND_ERR_SOCKET";
}

/**
 * fetch that sends a request once more when its pooled socket turned out to be closed. Between
 * rounds the client's sockets idle for longer than Node's keep-alive timeout (5 s) on a loaded
 * machine, and the race between the server closing one and the client reusing it would end the
 * run. The bench's calls are idempotent (set and get of the same value), so resending is safe here.
 */
const fetchWithStaleSocketRetry: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (staleSocket(error)) return fetch(input, init);
    throw error;
  }
};

/** Opens one session: initialize, then the initialized notification (the SDK client also opens its GET event stream). */
export async function openHttpSession(url: URL): Promise<McpHttpSession> {
  const transport = new StreamableHTTPClientTransport(url, { fetch: fetchWithStaleSocketRetry });
  const client = new Client({ name: "redis-mcp-bench", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    async close() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

/** Resident set size of a process in bytes (Linux /proc), undefined elsewhere. */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
