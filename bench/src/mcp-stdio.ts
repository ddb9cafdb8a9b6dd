import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** How to start an MCP server that speaks stdio. */
export interface StdioServerCommand {
  /** Shown in results and errors. */
  name: string;
  /** Arguments to `node` (the script first). */
  args: string[];
  env: Record<string, string>;
}

/** An initialized MCP client on a server process it spawned. */
export interface McpStdioConnection {
  client: Client;
  /** The server's process id. */
  pid: number;
  /** The last few KiB the server wrote to stderr, for error messages. */
  stderr(): string;
  /** Stops the server: stdin closed and SIGTERM at once (servers that ignore stdin EOF would take 2 s). */
  close(): Promise<void>;
}

const STDERR_TAIL = 4096;

/** Spawns the server with `node` and completes the initialize handshake. */
export async function connectStdioServer(command: StdioServerCommand): Promise<McpStdioConnection> {
  const transport = new StdioClientTransport({ command: process.execPath, args: command.args, env: command.env, stderr: "pipe" });
  // Drained so a chatty server (audit lines on stderr) never blocks on a full pipe.
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  const client = new Client({ name: "redis-mcp-bench", version: "0.0.0" });
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw new Error(`${command.name} did not initialize: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const pid = transport.pid;
  if (pid === null) throw new Error(`${command.name} initialized without a process id`);
  return {
    client,
    pid,
    stderr: () => stderr,
    async close() {
      // close() starts waiting for the exit before the signal is sent, so it never misses it.
      const closing = client.close();
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      await closing;
    },
  };
}
