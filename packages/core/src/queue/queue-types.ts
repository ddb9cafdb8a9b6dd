import type { QueueKeys } from "./queue-keys.js";

/** Options for {@link createQueue}. */
export interface QueueOptions {
  /** Names the queue; its keys are `queue:{<name>}:ready|inflight|delayed|jobs|dead`. */
  name: string;
  /** How long a delivered job stays invisible before it is delivered again unless acked (default 30,000). */
  visibilityTimeoutMs?: number;
  /** Deliveries before a job goes to the dead letters instead of back to ready (default 3). */
  maxAttempts?: number;
  /** Longest pause between polls while `dequeue` waits (default 50; polls start at 1 ms and double). */
  pollIntervalMs?: number;
}

/** Options for {@link Queue.enqueue}. */
export interface EnqueueOptions {
  /** Deliver no earlier than this many milliseconds from now (default 0: ready at once). */
  delayMs?: number;
  /** The job id (one payload only); default a random UUID. An id already in the queue is not added twice. */
  id?: string;
}

/** Options for {@link Queue.dequeue}. */
export interface DequeueOptions {
  /** Most jobs to take at once (default 1, at most 10,000). */
  count?: number;
  /** Visibility timeout for these deliveries (default: the queue's). */
  visibilityTimeoutMs?: number;
  /** Wait up to this long for a job when none is ready (default 0: answer at once). */
  waitMs?: number;
  /** Ends a wait early with whatever was taken (nothing); no job is taken after it aborts. */
  signal?: AbortSignal;
}

/** Options for {@link Queue.nack}. */
export interface NackOptions {
  /** Deliver again no earlier than this many milliseconds from now (default 0: back of the ready list). */
  retryDelayMs?: number;
}

/** A delivered job. Ack it when done, nack it to retry; if neither happens before the deadline it is delivered again. */
export interface QueueJob<Payload = unknown> {
  id: string;
  payload: Payload;
  /** Deliveries so far, this one included (1 on the first delivery). */
  attempts: number;
  /** When the job was enqueued (ms since the epoch, server clock). */
  enqueuedAt: number;
  /** When this delivery was made (ms since the epoch, server clock). */
  deliveredAt: number;
}

/** A job in the dead letters. */
export interface DeadLetter<Payload = unknown> {
  id: string;
  payload: Payload;
  /** Deliveries the job had. */
  attempts: number;
  enqueuedAt: number;
}

/** What to acknowledge: a job from `dequeue` (safe against redelivery) or a bare id (any delivery). */
export type JobReference = string | Pick<QueueJob, "id" | "attempts">;

/** Where a nacked job went; `not-in-flight` when this delivery was no longer in flight (nothing changed). */
export type NackOutcome = "requeued" | "delayed" | "dead-lettered" | "not-in-flight";

/** Job counts by state. */
export interface QueueStats {
  ready: number;
  /** Delivered and not yet acked, nacked or expired-and-requeued. */
  inFlight: number;
  delayed: number;
  deadLetter: number;
}

/** A window of dead letters with the total, for paging. */
export interface DeadLetterPage<Payload = unknown> {
  total: number;
  jobs: DeadLetter<Payload>[];
}

/** What one `requeueExpired` call moved. */
export interface RequeueResult {
  /** Expired jobs put back at the front of the ready list. */
  requeued: number;
  /** Expired jobs that had used every attempt, moved to the dead letters. */
  deadLettered: number;
}

/**
 * A reliable queue: at-least-once delivery with a visibility timeout, retries, delays and dead
 * letters. Every method is one round trip (one Lua call) except waiting dequeues, which poll.
 */
export interface Queue<Payload = unknown> {
  readonly name: string;
  readonly keys: QueueKeys;
  /**
   * Adds one job, or a list of jobs atomically (an array argument is always a list of payloads:
   * wrap an array payload as `[payload]`). Returns the id(s).
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a payload that cannot be stored, bad
   *   options or more than 10,000 payloads; RedisMcpError when Redis fails.
   */
  enqueue(payloads: readonly Payload[], options?: Omit<EnqueueOptions, "id">): Promise<string[]>;
  enqueue(payload: Payload, options?: EnqueueOptions): Promise<string>;
  /**
   * Takes up to `count` ready jobs (oldest first), after returning expired deliveries and due
   * delayed jobs to ready. With `waitMs`, polls until a job arrives or the wait ends (then `[]`).
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for bad options; RedisMcpError when Redis fails.
   */
  dequeue(options?: DequeueOptions): Promise<QueueJob<Payload>[]>;
  /**
   * Acknowledges processed jobs (one Lua call for a list). False when the delivery is no longer in
   * flight: unknown id, already acked, or (given the job, not just its id) expired and delivered again.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad reference; RedisMcpError when Redis fails.
   */
  ack(job: JobReference): Promise<boolean>;
  ack(jobs: readonly JobReference[]): Promise<boolean[]>;
  /**
   * Gives a delivery back for another attempt (after `retryDelayMs`), or to the dead letters when it
   * used `maxAttempts` deliveries.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); RedisMcpError when Redis fails.
   */
  nack(job: JobReference, options?: NackOptions): Promise<NackOutcome>;
  /**
   * Returns up to `limit` (default 1,000) expired deliveries to ready now; dequeue does this by
   * itself, 100 at a time.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); RedisMcpError when Redis fails.
   */
  requeueExpired(options?: { limit?: number }): Promise<RequeueResult>;
  /**
   * Counts jobs by state in one round trip.
   * @throws RedisMcpError when Redis fails.
   */
  stats(): Promise<QueueStats>;
  /**
   * Lists dead letters, oldest first, from `offset` (default 0), at most `limit` (default 100, at most 10,000).
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); RedisMcpError when Redis fails.
   */
  deadLetters(options?: { offset?: number; limit?: number }): Promise<DeadLetterPage<Payload>>;
  /**
   * Moves up to `limit` (default 100) dead letters, oldest first, to the back of ready with their
   * attempts reset; returns how many moved.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`); RedisMcpError when Redis fails.
   */
  retryDeadLetters(options?: { limit?: number }): Promise<number>;
  /**
   * Deletes every job in every state (tests, admin).
   * @throws RedisMcpError when Redis fails.
   */
  purge(): Promise<void>;
}
