import { health } from "@redis-mcp/core";
import { withRedis } from "../cli/connect.js";
import { CliError } from "../cli/exit-codes.js";
import { type Invocation, outputOf } from "../cli/invocation.js";

// A module of its own: the most common health check should not load the table library that the
// other diagnostics commands render with.
/** `redis-mcp ping`. */
export async function ping(invocation: Invocation, options: { url?: string }): Promise<void> {
  const output = outputOf(invocation);
  const report = await withRedis(invocation, (redis) => health(redis), options);
  if (!report.ok) throw new CliError(report.error?.code ?? "E_REDIS_UNAVAILABLE", report.error?.message ?? "Redis did not answer PING.");
  const where = report.cluster ? `cluster of ${report.cluster.masters} masters` : report.role;
  output.result(report, () => `PONG ${(report.latencyMs ?? 0).toFixed(3)} ms (Redis ${report.version}, ${where})`);
}
