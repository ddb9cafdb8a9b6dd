import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { cleanEnvironment, connectStdio, type StdioConnection } from "./server-process.js";
import type { ServerTarget } from "./topologies.js";

/** A server over stdio on one target for a describe block, with a raw client for assertions. */
export interface TargetServer {
  readonly connection: StdioConnection;
  readonly raw: Redis | Cluster;
  readonly name: ServerTarget["name"];
  call(tool: string, args: Record<string, unknown>): ReturnType<StdioConnection["client"]["callTool"]>;
}

/** Starts the server against `target` before the block's tests and stops it after them. */
export function serveTarget(target: () => Promise<ServerTarget>, args: string[] = []): TargetServer {
  let connection: StdioConnection | undefined;
  let raw: Redis | Cluster | undefined;
  let name: ServerTarget["name"] = "standalone";
  beforeAll(async () => {
    const resolved = await target();
    name = resolved.name;
    raw = resolved.raw();
    connection = await connectStdio(args, cleanEnvironment(resolved.environment));
  });
  afterAll(async () => {
    raw?.disconnect();
    await connection?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("serveTarget: used outside a test");
    return value;
  };
  return {
    get connection() {
      return started(connection);
    },
    get raw() {
      return started(raw);
    },
    get name() {
      return name;
    },
    call: (tool, args) => started(connection).client.callTool({ name: tool, arguments: args }),
  };
}
