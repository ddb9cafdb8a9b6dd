import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { useRedis, useRedisCluster } from "@redis-mcp/test-redis/vitest";
import { Cluster, Redis } from "ioredis";

/** The bundled bin, as `npm install -g` would run it. */
export const BIN = fileURLToPath(new URL("../../dist/redis-mcp.js", import.meta.url));

/** What one run of the CLI gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a run: none of the parent's Redis or colour settings leak in. */
export function cleanEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(REDIS_|NO_COLOR|FORCE_COLOR)/.test(name)) environment[name] = value;
  }
  return { ...environment, ...extra };
}

/** Runs `redis-mcp <args>` as a child process (stdout and stderr are pipes, so not terminals). */
export function runCli(args: readonly string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: cleanEnvironment(options.env ?? {}), timeout: options.timeoutMs ?? 20_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(new Error(`redis-mcp ${args.join(" ")} did not finish: ${error.message}\n${stderr}`));
        else resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** Runs the CLI and parses its stdout as exactly one JSON document. */
export async function runJson<T = Record<string, unknown>>(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<CliRun & { json: T }> {
  // Before a "--" (after which everything is an argument, such as a session id starting with "-").
  const end = args.indexOf("--");
  const run = await runCli(end === -1 ? [...args, "--json"] : [...args.slice(0, end), "--json", ...args.slice(end)], options);
  let json: T;
  try {
    json = JSON.parse(run.stdout) as T;
  } catch (error) {
    throw new Error(
      `stdout of redis-mcp ${args.join(" ")} --json is not one JSON document (${(error as Error).message}):\n${run.stdout}\nstderr: ${run.stderr}`,
    );
  }
  return { ...run, json };
}

/** A Redis the CLI is pointed at, and a client of the test's own to arrange and check data. */
export interface Target {
  name: "standalone" | "cluster";
  /** The connection flags the CLI gets. */
  flags: string[];
  client: Redis | Cluster;
  /** Masters (one for standalone). */
  masters: number;
  close(): void;
}

/** A target on this worker's shared standalone server or cluster (flushed before each test). */
export const targets: { name: Target["name"]; connect(): Promise<Target> }[] = [
  {
    name: "standalone",
    async connect() {
      const server = await useRedis();
      const client = new Redis(server.port, "127.0.0.1", { lazyConnect: true });
      await client.connect();
      return { name: "standalone", flags: ["--redis-url", server.url], client, masters: 1, close: () => client.disconnect() };
    },
  },
  {
    name: "cluster",
    async connect() {
      const cluster = await useRedisCluster();
      const client = new Cluster(cluster.startupNodes, { lazyConnect: true });
      await client.connect();
      const nodes = cluster.startupNodes.map((node) => `${node.host}:${node.port}`).join(",");
      return { name: "cluster", flags: ["--redis-cluster-nodes", nodes], client, masters: cluster.startupNodes.length, close: () => client.disconnect() };
    },
  },
];

/** Output with the parts that change from run to run (ports, times, ids) replaced, for snapshots. */
export function stable(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/Redis \d+\.\d+\.\d+/g, "Redis <version>")
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, "<time>")
    .replace(/redis-mcp:bench:[0-9a-f]+:/g, "redis-mcp:bench:<run>:");
}

/** {@link stable}, and byte counts (which differ between Redis versions) as `<size>`: snapshots keep only the layout. */
export function withoutSizes(text: string): string {
  // Sizes differ between servers, and so does the padding of their right-aligned column.
  return stable(text).replace(/ *\d+(\.\d+)? (B|KiB|MiB)\b/g, " <size>");
}

/** Table padding as two spaces: columns sized by values that change (ports, times, sizes) keep their order but not their width. */
export function withoutPadding(text: string): string {
  return text.replace(/(?<=\S) {2,}/g, "  ");
}
