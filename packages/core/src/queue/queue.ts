import { randomUUID } from "node:crypto";
import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { withRedisErrors } from "../errors/map-redis-error.js";
import { Batcher } from "./batcher.js";
import { pause } from "./pause.js";
import { decodePayload, encodePayload } from "./payload-codec.js";
import { type QueueKeys, queueKeys } from "./queue-keys.js";
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_VISIBILITY_TIMEOUT_MS,
  integerOption,
  MAINTENANCE_BATCH,
  MAX_BATCH,
  validateJobId,
} from "./queue-limits.js";
import {
  ackScript,
  deadLettersScript,
  dequeueScript,
  enqueueScript,
  nackScript,
  requeueExpiredScript,
  retryDeadLettersScript,
  statsScript,
} from "./queue-scripts.js";
import type {
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

/** One slot of a dequeue request: the job it got, if any, and the request's clock readings. */
interface TakenSlot<Payload> {
  job: QueueJob<Payload> | undefined;
  /** Server time of the call. */
  now: number;
  /** Earliest delayed due time or in-flight deadline; -1 when there is none. */
  nextEventAt: number;
}

/** Reads an `[id, payload, attempts, enqueuedAt]` group of a Lua reply. */
function readJob(reply: unknown[], index: number): { id: string; payload: unknown; attempts: number; enqueuedAt: number } {
  return {
    id: String(reply[index]),
    payload: decodePayload(reply[index + 1] as Buffer),
    attempts: Number(reply[index + 2]),
    enqueuedAt: Number(reply[index + 3]),
  };
}

/** A job to add: id, stored payload, delay. */
type NewJob = [id: string, payload: string | Buffer, delayMs: number];
/** A delivery to ack: id, attempts ('' = any delivery). */
type Delivery = [id: string, attempts: string];

class ReliableQueue<Payload> implements Queue<Payload> {
  readonly name: string;
  readonly keys: QueueKeys;
  readonly #client: RedisClient;
  readonly #keyList: string[];
  readonly #visibilityTimeoutMs: number;
  readonly #maxAttempts: number;
  readonly #pollIntervalMs: number;
  // Enqueues, acks and dequeues of one tick share Lua calls: the per-call cost, not the per-job
  // work, dominates when many producers or consumers share a queue object.
  readonly #outbox = new Batcher(MAX_BATCH);

  constructor(client: RedisClient, options: QueueOptions) {
    this.keys = queueKeys(options?.name);
    this.name = options.name;
    this.#client = client;
    const { ready, inflight, delayed, jobs, dead } = this.keys;
    this.#keyList = [ready, inflight, delayed, jobs, dead];
    this.#visibilityTimeoutMs = integerOption("createQueue", "visibilityTimeoutMs", options.visibilityTimeoutMs, DEFAULT_VISIBILITY_TIMEOUT_MS, 1);
    this.#maxAttempts = integerOption("createQueue", "maxAttempts", options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1);
    this.#pollIntervalMs = integerOption("createQueue", "pollIntervalMs", options.pollIntervalMs, DEFAULT_POLL_INTERVAL_MS, 1, 60_000);
  }

  enqueue(payloads: readonly Payload[], options?: Omit<EnqueueOptions, "id">): Promise<string[]>;
  enqueue(payload: Payload, options?: EnqueueOptions): Promise<string>;
  async enqueue(input: Payload | readonly Payload[], options: EnqueueOptions = {}): Promise<string | string[]> {
    const operation = `queue "${this.name}" enqueue`;
    const many = Array.isArray(input);
    const payloads = many ? (input as readonly Payload[]) : [input as Payload];
    if (many && options.id !== undefined) {
      throw new InvalidArgumentError(`${operation}: id names one job; enqueue the payloads one at a time to name each, or drop id to get random ids.`);
    }
    integerOption(operation, "number of payloads", payloads.length, 0, 0, MAX_BATCH);
    const delayMs = integerOption(operation, "delayMs", options.delayMs, 0, 0);
    const ids = many ? payloads.map(() => randomUUID()) : [options.id === undefined ? randomUUID() : validateJobId(operation, options.id)];
    const jobs = payloads.map((payload, index): NewJob => [ids[index] as string, encodePayload(payload), delayMs]);
    if (jobs.length > 0) await this.#outbox.submit("enqueue", jobs, this.#sendEnqueue);
    return many ? ids : (ids[0] as string);
  }

  async dequeue(options: DequeueOptions = {}): Promise<QueueJob<Payload>[]> {
    const operation = `queue "${this.name}" dequeue`;
    const count = integerOption(operation, "count", options.count, 1, 1, MAX_BATCH);
    const visibilityTimeoutMs = integerOption(operation, "visibilityTimeoutMs", options.visibilityTimeoutMs, this.#visibilityTimeoutMs, 1);
    const waitMs = integerOption(operation, "waitMs", options.waitMs, 0, 0);
    const { signal } = options;
    const deadline = Date.now() + waitMs;
    let backoff = 1;
    for (;;) {
      if (signal?.aborted) return [];
      const slots = await this.#outbox.submit(`dequeue ${visibilityTimeoutMs}`, new Array<undefined>(count).fill(undefined), (merged) =>
        this.#sendDequeue(merged.length, visibilityTimeoutMs),
      );
      const jobs = slots.flatMap((slot) => (slot.job ? [slot.job] : []));
      const remaining = deadline - Date.now();
      if (jobs.length > 0 || remaining <= 0) return jobs;
      // Sleep no longer than the wait allows, and wake when a delayed job or a deadline comes due.
      const { now, nextEventAt } = slots[0] as TakenSlot<Payload>;
      let sleep = Math.min(backoff, remaining);
      if (nextEventAt >= 0) sleep = Math.min(sleep, Math.max(0, nextEventAt - now));
      backoff = Math.min(backoff * 2, this.#pollIntervalMs);
      await pause(sleep, signal);
    }
  }

  readonly #sendEnqueue = async (jobs: NewJob[]): Promise<number[]> => (await enqueueScript.run(this.#client, this.#keyList, jobs.flat())) as number[];

  readonly #sendAck = async (deliveries: Delivery[]): Promise<number[]> => (await ackScript.run(this.#client, this.#keyList, deliveries.flat())) as number[];

  /** Takes up to `count` jobs for a merged request: one slot per job asked for, in order. */
  async #sendDequeue(count: number, visibilityTimeoutMs: number): Promise<TakenSlot<Payload>[]> {
    const reply = (await dequeueScript.runBuffer(this.#client, this.#keyList, [count, visibilityTimeoutMs, this.#maxAttempts, MAINTENANCE_BATCH])) as unknown[];
    const now = Number(reply[0]);
    const nextEventAt = Number(reply[1]);
    const slots: TakenSlot<Payload>[] = [];
    for (let index = 2; index < reply.length; index += 4) {
      const job = readJob(reply, index);
      slots.push({ job: { ...job, payload: job.payload as Payload, deliveredAt: now }, now, nextEventAt });
    }
    while (slots.length < count) slots.push({ job: undefined, now, nextEventAt });
    return slots;
  }

  ack(job: JobReference): Promise<boolean>;
  ack(jobs: readonly JobReference[]): Promise<boolean[]>;
  async ack(input: JobReference | readonly JobReference[]): Promise<boolean | boolean[]> {
    const operation = `queue "${this.name}" ack`;
    const references = Array.isArray(input) ? (input as readonly JobReference[]) : [input as JobReference];
    integerOption(operation, "number of jobs", references.length, 0, 0, MAX_BATCH);
    const deliveries = references.map((reference) => this.#delivery(operation, reference));
    let flags: boolean[] = [];
    if (deliveries.length > 0) {
      flags = (await this.#outbox.submit("ack", deliveries, this.#sendAck)).map((flag) => flag === 1);
    }
    return Array.isArray(input) ? flags : (flags[0] ?? false);
  }

  async nack(job: JobReference, options: NackOptions = {}): Promise<NackOutcome> {
    const operation = `queue "${this.name}" nack`;
    const [id, attempts] = this.#delivery(operation, job);
    const retryDelayMs = integerOption(operation, "retryDelayMs", options.retryDelayMs, 0, 0);
    this.#outbox.flush();
    return (await nackScript.run(this.#client, this.#keyList, [id, attempts, this.#maxAttempts, retryDelayMs])) as NackOutcome;
  }

  /** `[id, attempts]` of a reference; attempts '' (any delivery) for a bare id. */
  #delivery(operation: string, reference: JobReference): [string, string] {
    if (typeof reference === "string") return [validateJobId(operation, reference), ""];
    const id = validateJobId(operation, reference?.id);
    return [id, String(integerOption(operation, "job.attempts", reference.attempts, 0, 1))];
  }

  async requeueExpired(options: { limit?: number } = {}): Promise<RequeueResult> {
    const limit = integerOption(`queue "${this.name}" requeueExpired`, "limit", options.limit, 1_000, 1, MAX_BATCH);
    this.#outbox.flush();
    const [requeued = 0, deadLettered = 0] = (await requeueExpiredScript.run(this.#client, this.#keyList, [this.#maxAttempts, limit])) as number[];
    return { requeued, deadLettered };
  }

  async stats(): Promise<QueueStats> {
    this.#outbox.flush();
    const [ready = 0, inFlight = 0, delayed = 0, deadLetter = 0] = (await statsScript.run(this.#client, this.#keyList)) as number[];
    return { ready, inFlight, delayed, deadLetter };
  }

  async deadLetters(options: { offset?: number; limit?: number } = {}): Promise<DeadLetterPage<Payload>> {
    const operation = `queue "${this.name}" deadLetters`;
    const offset = integerOption(operation, "offset", options.offset, 0, 0);
    const limit = integerOption(operation, "limit", options.limit, 100, 1, MAX_BATCH);
    this.#outbox.flush();
    const reply = (await deadLettersScript.runBuffer(this.#client, this.#keyList, [offset, limit])) as unknown[];
    const jobs: DeadLetterPage<Payload>["jobs"] = [];
    for (let index = 1; index < reply.length; index += 4) {
      const job = readJob(reply, index);
      jobs.push({ ...job, payload: job.payload as Payload });
    }
    return { total: Number(reply[0]), jobs };
  }

  async retryDeadLetters(options: { limit?: number } = {}): Promise<number> {
    const limit = integerOption(`queue "${this.name}" retryDeadLetters`, "limit", options.limit, 100, 1, MAX_BATCH);
    this.#outbox.flush();
    return Number(await retryDeadLettersScript.run(this.#client, this.#keyList, [limit]));
  }

  async purge(): Promise<void> {
    this.#outbox.flush();
    await withRedisErrors(`queue "${this.name}" purge`, () => this.#client.unlink(...this.#keyList));
  }
}

/**
 * Opens a reliable queue (no round trip): at-least-once delivery with a visibility timeout, so a
 * job whose consumer crashes is delivered again; retries with delays; dead letters after
 * `maxAttempts` deliveries. All keys share the hash tag `{<name>}`: works unchanged on a cluster.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad name or option.
 * @example
 * const queue = createQueue<{ orderId: number }>(redis, { name: "orders" });
 * await queue.enqueue({ orderId: 7 });
 * for (const job of await queue.dequeue({ count: 10, waitMs: 5_000 })) {
 *   await ship(job.payload.orderId);
 *   await queue.ack(job);
 * }
 */
export function createQueue<Payload = unknown>(client: RedisClient, options: QueueOptions): Queue<Payload> {
  return new ReliableQueue<Payload>(client, options);
}
