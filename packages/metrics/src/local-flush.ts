import { pipelineBySlot, type RedisClient, type RedisMcpError, toRedisMcpError } from "@redis-mcp/core";
import { MetricConflictError } from "./errors.js";
import { type Entry, MAX_ENTRIES_PER_CALL, type MetricWriter } from "./metric-writer.js";
import { observeScript } from "./scripts.js";

function chunks(entries: readonly Entry[]): Entry[][] {
  const parts: Entry[][] = [];
  for (let start = 0; start < entries.length; start += MAX_ENTRIES_PER_CALL) parts.push(entries.slice(start, start + MAX_ENTRIES_PER_CALL));
  return parts;
}

/**
 * Sends the local sums of many metrics: one observe call per metric, one pipeline per cluster
 * node, all nodes in parallel. Sums whose call failed are put back for the next flush (a call
 * that timed out after Redis applied it is then counted twice: the price of not losing it).
 * @throws RedisMcpError: the first failure, after every writer has been settled.
 */
export async function flushWriters(client: RedisClient, writers: Iterable<MetricWriter>, report: (error: RedisMcpError) => void): Promise<void> {
  const work = [...writers].map((writer) => ({ writer, parts: chunks(writer.aggregate?.drain() ?? []) })).filter(({ parts }) => parts.length > 0);
  if (work.length === 0) return;
  observeScript.prepare(client);
  const registrations = Promise.allSettled(work.map(({ writer }) => writer.settings.register() ?? Promise.resolve()));
  let replies: unknown[][];
  try {
    replies = await pipelineBySlot(
      client,
      "flush metrics",
      work.map(({ writer, parts }) => ({
        key: writer.settings.keys.series,
        queue: (pipeline) => {
          for (const part of parts) {
            const { keys, args } = writer.call(part);
            observeScript.queue(client, pipeline, keys, args);
          }
        },
      })),
      { settle: true },
    );
  } catch (caught) {
    // Only reachable for errors before anything was sent (settle hands Redis failures back).
    for (const { writer, parts } of work) writer.restore(parts.flat());
    throw toRedisMcpError(caught, "flush metrics");
  }
  let first: RedisMcpError | undefined;
  const fail = (error: RedisMcpError) => {
    first ??= error;
    report(error);
  };
  work.forEach(({ writer, parts }, index) => {
    parts.forEach((part, position) => {
      const reply = replies[index]?.[position];
      if (reply instanceof Error) {
        writer.restore(part);
        fail(toRedisMcpError(reply, "flush metrics"));
        return;
      }
      try {
        const refused = writer.settleFlush(part, reply);
        if (refused) fail(refused);
      } catch (caught) {
        const error = toRedisMcpError(caught, "flush metrics");
        if (error instanceof MetricConflictError) writer.markConflict(error);
        fail(error);
      }
    });
  });
  (await registrations).forEach((outcome, index) => {
    if (outcome.status === "rejected") {
      const error = toRedisMcpError(outcome.reason, "register metric");
      if (error instanceof MetricConflictError) (work[index] as { writer: MetricWriter }).writer.markConflict(error);
      fail(error);
    }
  });
  if (first) throw first;
}
