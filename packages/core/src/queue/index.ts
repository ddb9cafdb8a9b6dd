// @redis-mcp/core/queue: a reliable work queue on Redis (at-least-once delivery, retries with
// backoff, dead letters, visibility timeouts), one hash-tagged key family per queue.
export type { PeekedJob, PeekQueueOptions, QueuePeek, QueueState } from "./peek-queue.js";
export { peekQueue } from "./peek-queue.js";
export { createQueue } from "./queue.js";
export type { QueueKeys } from "./queue-keys.js";
export type {
  DeadLetter,
  DeadLetterPage,
  DequeueOptions,
  EnqueueOptions,
  JobReference,
  NackOptions,
  NackOutcome,
  Queue,
  QueueJob,
  QueueOptions,
  QueueStats,
  RequeueResult,
} from "./queue-types.js";
