import { Redis, type RedisOptions } from "ioredis";
import { inject } from "vitest";
import type { AcquireRequest, SharedDescriptor } from "./broker.js";
import type { ClusterOptions } from "./cluster.js";
import type { StandaloneOptions } from "./standalone.js";
import type { TlsServerOptions } from "./tls.js";
import { BROKER_KEY } from "./vitest-global-setup.js";

/** How long shared data lives: `each` (default) flushes before every test, `file` once per file. */
export interface ShareOptions {
  flush?: "each" | "file";
}

/** Methods every shared server handle has. */
export interface SharedHandle {
  /** FLUSHALL on the server (every master of a cluster). */
  flush(): Promise<void>;
}

/** A standalone server shared by the test files of one worker. */
export type SharedRedis = Extract<SharedDescriptor, { kind: "standalone" }> & SharedHandle;
/** A 3-master (by default) cluster shared by the test files of one worker. */
export type SharedCluster = Extract<SharedDescriptor, { kind: "cluster" }> & SharedHandle;
/** A TLS server shared by the test files of one worker. */
export type SharedTlsRedis = Extract<SharedDescriptor, { kind: "tls" }> & SharedHandle;

interface Registration {
  policy: "each" | "file";
  handle: Promise<SharedDescriptor & SharedHandle>;
  flush(): Promise<void>;
  close(): void;
}

// Module state lives as long as one test file (vitest isolates files), which is what we want:
// the servers are shared through the broker, the admin connections are per file.
const registrations = new Map<string, Registration>();

async function requestServer(request: Omit<AcquireRequest, "slot">): Promise<SharedDescriptor> {
  const brokerUrl = inject(BROKER_KEY);
  if (!brokerUrl) {
    throw new Error(
      "No Redis test broker: add '@redis-mcp/test-redis/vitest-global-setup' to globalSetup (the integration preset of @redis-mcp/vitest-config does).",
    );
  }
  const body: AcquireRequest = { ...request, slot: process.env.VITEST_POOL_ID ?? "1" };
  const response = await fetch(`${brokerUrl}/acquire`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`could not start a shared ${request.kind} Redis: ${await response.text()}`);
  return (await response.json()) as SharedDescriptor;
}

type AdminOptions = (descriptor: SharedDescriptor) => RedisOptions[];

/**
 * Acquires a server once per test file: the first call flushes what the previous file on this
 * worker left behind; later calls in the same file return the same handle untouched.
 */
function acquire(request: Omit<AcquireRequest, "slot">, adminOptions: AdminOptions, share: ShareOptions): Promise<SharedDescriptor & SharedHandle> {
  const key = JSON.stringify([request.kind, request.options]);
  const existing = registrations.get(key);
  if (existing) return existing.handle;
  const clients: Redis[] = [];
  const flush = async () => {
    await Promise.all(clients.map((client) => client.flushall()));
  };
  const handle = requestServer(request).then(async (descriptor) => {
    for (const options of adminOptions(descriptor)) clients.push(new Redis({ ...options, maxRetriesPerRequest: 1, lazyConnect: true }));
    await flush();
    return { ...descriptor, flush };
  });
  handle.catch(() => registrations.delete(key));
  registrations.set(key, {
    policy: share.flush ?? "each",
    handle,
    flush,
    close: () => {
      for (const client of clients) client.disconnect();
    },
  });
  return handle;
}

/**
 * A standalone redis-server shared by the test files of this worker, empty when returned and
 * flushed before each test. Do not stop, kill or reconfigure it: use `startRedisServer` for that.
 * @example const redis = await useRedis(); const client = new Redis(redis.port);
 */
export function useRedis(options: StandaloneOptions = {}, share: ShareOptions = {}): Promise<SharedRedis> {
  return acquire(
    { kind: "standalone", options },
    (descriptor) => (descriptor.kind === "standalone" ? [{ host: descriptor.host, port: descriptor.port, password: options.password }] : []),
    share,
  ) as Promise<SharedRedis>;
}

/** A Redis Cluster (3 masters by default) shared by the test files of this worker; see {@link useRedis}. */
export function useRedisCluster(options: ClusterOptions = {}, share: ShareOptions = {}): Promise<SharedCluster> {
  return acquire(
    { kind: "cluster", options },
    (descriptor) => (descriptor.kind === "cluster" ? descriptor.startupNodes.map((node) => ({ ...node, password: options.password })) : []),
    share,
  ) as Promise<SharedCluster>;
}

/** A TLS-only redis-server (mTLS with `mutual: true`) shared by this worker's files; see {@link useRedis}. */
export function useTlsRedis(options: TlsServerOptions = {}, share: ShareOptions = {}): Promise<SharedTlsRedis> {
  return acquire(
    { kind: "tls", options },
    (descriptor) => {
      if (descriptor.kind !== "tls") return [];
      const tls = { ca: descriptor.tls.ca, cert: descriptor.tls.clientCert, key: descriptor.tls.clientKey, servername: "localhost" };
      return [{ host: descriptor.host, port: descriptor.port, password: options.password, tls }];
    },
    share,
  ) as Promise<SharedTlsRedis>;
}

/** Flushes the servers acquired with `flush: "each"`; the setup file calls it before every test. */
export async function flushSharedBeforeTest(): Promise<void> {
  const each = [...registrations.values()].filter((registration) => registration.policy === "each");
  await Promise.all(
    each.map(async (registration) => {
      await registration.handle;
      await registration.flush();
    }),
  );
}

/** Closes this file's admin connections; the setup file calls it after the file. */
export function releaseShared(): void {
  for (const registration of registrations.values()) registration.close();
  registrations.clear();
}

export { eventually, Inbox, pause, settlesWithin } from "./waiting.js";
