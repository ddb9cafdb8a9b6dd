import { detectCapabilities } from "../capabilities/capabilities.js";
import { isCluster, masterNodes, type RedisClient } from "../client/redis-client.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";

/** What {@link health} reports. */
export interface HealthReport {
  /** Redis answered PING. */
  ok: boolean;
  /** ioredis connection status, e.g. `ready`, `reconnecting`. */
  status: string;
  /** PING round trip in milliseconds (when ok). */
  latencyMs?: number;
  /** `master` or `slave` (the node answering; every master of a cluster). */
  role?: string;
  /** Server version, e.g. `7.0.15`. */
  version?: string;
  /** Loaded module names. */
  modules?: string[];
  /** Whether this is a Redis Cluster, and how many masters answer. */
  cluster?: { masters: number };
  /** Why it is not ok (coded, secret-free). */
  error?: { code: string; message: string };
}

/**
 * Checks a connection: PING latency, role, version and modules. Never throws: a failure is
 * reported as `ok: false` with a coded error, so it suits health endpoints.
 * @example const { ok, latencyMs } = await health(redis);
 */
export async function health(client: RedisClient): Promise<HealthReport> {
  const started = performance.now();
  try {
    await client.ping();
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    const [capabilities, role] = await Promise.all([detectCapabilities(client), (masterNodes(client)[0] ?? client).call("ROLE") as Promise<unknown[]>]);
    const report: HealthReport = {
      ok: true,
      status: client.status,
      latencyMs,
      role: String(role[0]),
      version: capabilities.version.text,
      modules: Object.keys(capabilities.modules),
    };
    if (isCluster(client)) report.cluster = { masters: masterNodes(client).length };
    return report;
  } catch (error) {
    const mapped = toRedisMcpError(error, "health");
    return { ok: false, status: client.status, error: { code: mapped.code, message: mapped.message } };
  }
}
