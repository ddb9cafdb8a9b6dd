import { createQueue } from "@redis-mcp/core/queue";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { defineTool } from "../tools/define-tool.js";

const queueName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^{}]+$/, "no braces")
  .describe("queue name");
const jobId = z.string().min(1).max(256);
const MAX_PAYLOAD_BYTES = 1024 * 1024;

const job = z.object({ id: z.string(), payload: z.unknown(), attempts: z.number(), enqueuedAt: z.number(), deliveredAt: z.number() });

function checkPayloadSize(payloads: unknown[]): void {
  for (const payload of payloads) {
    const size = Buffer.byteLength(JSON.stringify(payload) ?? "");
    if (size > MAX_PAYLOAD_BYTES)
      throw new ToolError(
        "E_INVALID_ARGUMENT",
        `a payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}. Store large data under a key and enqueue its name.`,
      );
  }
}

export const queueEnqueue = defineTool({
  name: "queue_enqueue",
  toolset: "queue",
  tier: "write",
  title: "Enqueue jobs",
  description: "Add JSON jobs to a reliable queue, optionally delayed; a given id is added once.",
  idempotent: false,
  input: {
    queue: queueName,
    payloads: z.array(z.unknown()).min(1).max(1000).describe("JSON payloads"),
    delayMs: z
      .number()
      .int()
      .min(0)
      .max(365 * 86_400_000)
      .optional(),
    id: jobId.optional().describe("only with one payload: idempotent enqueue"),
  },
  output: { ids: z.array(z.string()) },
  async run(input, context) {
    checkPayloadSize(input.payloads);
    const queue = createQueue(context.redis, { name: input.queue });
    if (input.id !== undefined) {
      if (input.payloads.length !== 1) throw new ToolError("E_INVALID_ARGUMENT", "id works with exactly one payload.");
      return { structured: { ids: [await queue.enqueue(input.payloads[0], { delayMs: input.delayMs, id: input.id })] } };
    }
    return { structured: { ids: await queue.enqueue(input.payloads, { delayMs: input.delayMs }) } };
  },
});

export const queueDequeue = defineTool({
  name: "queue_dequeue",
  toolset: "queue",
  tier: "write",
  title: "Dequeue jobs",
  description: "Take jobs; they stay in flight until queue_ack, and return to the queue after the visibility timeout.",
  idempotent: false,
  input: {
    queue: queueName,
    count: z.number().int().min(1).max(100).default(1),
    visibilityTimeoutMs: z.number().int().min(100).max(86_400_000).optional(),
    waitMs: z.number().int().min(0).max(20_000).default(0).describe("wait this long for a job"),
  },
  output: { jobs: z.array(job) },
  async run(input, context) {
    const queue = createQueue(context.redis, { name: input.queue });
    const jobs = await queue.dequeue({ count: input.count, visibilityTimeoutMs: input.visibilityTimeoutMs, waitMs: input.waitMs, signal: context.signal });
    return { structured: { jobs: JSON.parse(JSON.stringify(jobs)) } };
  },
});

export const queueAck = defineTool({
  name: "queue_ack",
  toolset: "queue",
  tier: "write",
  title: "Acknowledge jobs",
  description: "Mark dequeued jobs done (removed). false when a job is no longer in flight.",
  idempotent: true,
  input: { queue: queueName, ids: z.array(jobId).min(1).max(1000) },
  output: { acknowledged: z.array(z.boolean()) },
  async run(input, context) {
    const queue = createQueue(context.redis, { name: input.queue });
    return { structured: { acknowledged: await queue.ack(input.ids) } };
  },
});

export const queueNack = defineTool({
  name: "queue_nack",
  toolset: "queue",
  tier: "write",
  title: "Retry a job",
  description: "Give a dequeued job back: retried (optionally delayed) or dead-lettered after max attempts.",
  idempotent: false,
  input: { queue: queueName, id: jobId, retryDelayMs: z.number().int().min(0).max(86_400_000).optional() },
  output: { outcome: z.enum(["requeued", "delayed", "dead-lettered", "not-in-flight"]) },
  async run(input, context) {
    const queue = createQueue(context.redis, { name: input.queue });
    return { structured: { outcome: await queue.nack(input.id, { retryDelayMs: input.retryDelayMs }) } };
  },
});

export const queueStats = defineTool({
  name: "queue_stats",
  toolset: "queue",
  tier: "read",
  title: "Queue stats",
  description: "Jobs ready, in flight, delayed and dead-lettered.",
  idempotent: true,
  input: { queue: queueName },
  output: { ready: z.number(), inFlight: z.number(), delayed: z.number(), deadLetter: z.number() },
  async run(input, context) {
    return { structured: { ...(await createQueue(context.redis, { name: input.queue }).stats()) } };
  },
});

/** The queue toolset. */
export const QUEUE_TOOLS = [queueEnqueue, queueDequeue, queueAck, queueNack, queueStats];
