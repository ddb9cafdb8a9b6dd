import { createQueue, peekQueue } from "@redis-mcp/core/queue";
import { withRedis } from "../cli/connect.js";
import { formatNumber, formatTimestamp, plural } from "../cli/format.js";
import { type Invocation, outputOf } from "../cli/invocation.js";
import type { Colors } from "../cli/output.js";
import { renderTable } from "../cli/table.js";

/** A payload for a table cell: JSON on one line, bytes as base64, cut at 60 characters. */
function payloadText(payload: unknown): string {
  const text = Buffer.isBuffer(payload) ? `base64:${payload.toString("base64")}` : typeof payload === "string" ? payload : JSON.stringify(payload);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Payloads in JSON output: bytes as `{ base64 }`, everything else as stored. */
function payloadJson(payload: unknown): unknown {
  return Buffer.isBuffer(payload) ? { base64: payload.toString("base64") } : payload;
}

function when(milliseconds: number): string {
  return formatTimestamp(milliseconds / 1000);
}

/** `redis-mcp queue stats <name>`. */
export async function stats(invocation: Invocation, name: string): Promise<void> {
  const output = outputOf(invocation);
  const counts = await withRedis(invocation, (redis) => createQueue(redis, { name }).stats());
  output.result({ queue: name, ...counts }, (colors) =>
    renderTable(
      [
        { heading: "QUEUE" },
        { heading: "READY", align: "right" },
        { heading: "IN FLIGHT", align: "right" },
        { heading: "DELAYED", align: "right" },
        { heading: "DEAD", align: "right" },
      ],
      [[name, formatNumber(counts.ready), formatNumber(counts.inFlight), formatNumber(counts.delayed), formatNumber(counts.deadLetter)]],
      colors,
    ),
  );
}

function jobTable(
  jobs: readonly { id: string; payload: unknown; attempts: number; enqueuedAt: number; dueAt?: number | null }[],
  dueHeading: string | undefined,
  colors: Colors,
): string {
  return renderTable(
    [
      { heading: "ID" },
      { heading: "ATTEMPTS", align: "right" },
      { heading: "ENQUEUED (UTC)" },
      ...(dueHeading ? [{ heading: dueHeading }] : []),
      { heading: "PAYLOAD" },
    ],
    jobs.map((job) => [job.id, job.attempts, when(job.enqueuedAt), ...(dueHeading ? [job.dueAt ? when(job.dueAt) : "-"] : []), payloadText(job.payload)]),
    colors,
  );
}

/** `redis-mcp queue peek <name>`. */
export async function peek(
  invocation: Invocation,
  name: string,
  options: { state: "ready" | "delayed" | "in-flight"; limit: number; offset: number },
): Promise<void> {
  const output = outputOf(invocation);
  const window = await withRedis(invocation, (redis) => peekQueue(redis, name, options));
  const document = { queue: name, ...window, jobs: window.jobs.map((job) => ({ ...job, payload: payloadJson(job.payload) })) };
  output.result(document, (colors) => {
    const heading = `${formatNumber(window.total)} ${window.state} job${window.total === 1 ? "" : "s"} in ${name}`;
    if (window.jobs.length === 0) return heading;
    const dueHeading = window.state === "delayed" ? "DUE (UTC)" : window.state === "in-flight" ? "DEADLINE (UTC)" : undefined;
    return `${colors.bold(heading)}\n\n${jobTable(window.jobs, dueHeading, colors)}`;
  });
}

/** `redis-mcp queue requeue-expired <name>`. */
export async function requeueExpired(invocation: Invocation, name: string, options: { limit: number; maxAttempts: number }): Promise<void> {
  const output = outputOf(invocation);
  const moved = await withRedis(invocation, (redis) => createQueue(redis, { name, maxAttempts: options.maxAttempts }).requeueExpired({ limit: options.limit }));
  output.result({ queue: name, ...moved }, () => `requeued ${plural(moved.requeued, "expired job")}, dead-lettered ${formatNumber(moved.deadLettered)}`);
}

/** `redis-mcp queue dead-letters <name>`. */
export async function deadLetters(invocation: Invocation, name: string, options: { limit: number; offset: number }): Promise<void> {
  const output = outputOf(invocation);
  const page = await withRedis(invocation, (redis) => createQueue(redis, { name }).deadLetters(options));
  const document = { queue: name, total: page.total, jobs: page.jobs.map((job) => ({ ...job, payload: payloadJson(job.payload) })) };
  output.result(document, (colors) => {
    const heading = `${formatNumber(page.total)} dead letter${page.total === 1 ? "" : "s"} in ${name}`;
    return page.jobs.length === 0 ? heading : `${colors.bold(heading)}\n\n${jobTable(page.jobs, undefined, colors)}`;
  });
}
