import { openDedicatedConnection, type RedisClient, type RedisMcpError, toRedisMcpError } from "@redis-mcp/core";
import { streamAck, streamGroupCreate, streamGroupReadBuffer } from "@redis-mcp/core/data";
import { decodeEnvelope } from "../envelope-bytes.js";
import { DeadLetteredError, HandlerError } from "../errors.js";
import { check } from "../schema.js";
import { AckBatcher } from "./ack-batcher.js";
import type { DurableHandler, DurableMessage } from "./durable-types.js";
import { claimScript, deliverOwnPendingScript, failScript, renewScript } from "./topic-scripts.js";
import type { TopicSettings } from "./topic-settings.js";
import { Wakeup } from "./wakeup.js";

/** The longest handler error kept in a dead letter. */
const MAX_REASON_LENGTH = 1_000;
/** Backoff after a failed read or claim: doubling from the first to the last. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;

/** One entry a script handed out: its id, its message bytes (undefined when dead-lettered or fieldless) and the delivery count. */
interface HandedOut {
  id: string;
  message: Buffer | undefined;
  deliveries: number;
}

function text(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
}

/** Reads `{ first, {id, fields | false, deliveries}... }` as a script returns it (Buffer replies). */
function handedOut(reply: unknown): { first: string; entries: HandedOut[] } {
  const items = reply as unknown[];
  const entries: HandedOut[] = [];
  for (const item of items.slice(1)) {
    const [id, fields, deliveries] = item as [Buffer, Buffer[] | null, number];
    let message: Buffer | undefined;
    if (Array.isArray(fields)) {
      for (let index = 0; index + 1 < fields.length; index += 2) if (text(fields[index]) === "message") message = fields[index + 1];
    }
    entries.push({ id: text(id), message, deliveries: Number(deliveries) });
  }
  return { first: text(items[0] ?? ""), entries };
}

function reasonOf(error: unknown): string {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason;
}

/**
 * One running consumer of a durable topic: reads on its own connection (blocking XREADGROUP), runs
 * at most `concurrency` handlers, acknowledges after success, renews what it holds, claims the work
 * of dead consumers and dead-letters what used up its attempts.
 */
export class DurableConsumer<T> {
  readonly #client: RedisClient;
  readonly #settings: TopicSettings;
  readonly #group: string;
  readonly #handler: DurableHandler<T>;
  readonly #concurrency: number;
  readonly #blockMs: number;
  readonly #claimIntervalMs: number;
  readonly #wakeup = new Wakeup();
  readonly #acks: AckBatcher;
  /** Entry ids with a handler running (or a failure being handed back): they hold the concurrency slots. */
  readonly #inFlight = new Set<string>();
  /**
   * Failed entries whose hand-back script is on its way. Renewal skips them: renewed after the
   * hand-back set their idle time, a retry would wait the whole visibility timeout, not the retry delay.
   */
  readonly #handingBack = new Set<string>();
  readonly #tasks = new Set<Promise<void>>();
  #reader: RedisClient | undefined;
  #running = false;
  #loop: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #renewal: NodeJS.Timeout | undefined;
  /** The renewal on its way, if any. */
  #renewingNow: Promise<void> | undefined;
  #nextClaimAt = 0;
  #claimCursor = "0-0";
  #failing = false;

  constructor(client: RedisClient, settings: TopicSettings, group: string, handler: DurableHandler<T>, concurrency: number, blockMs: number) {
    this.#client = client;
    this.#settings = settings;
    this.#group = group;
    this.#handler = handler;
    this.#concurrency = concurrency;
    this.#blockMs = blockMs;
    // Dead consumers' work is looked for twice per visibility timeout (within 50 ms .. 5 s).
    this.#claimIntervalMs = Math.min(5_000, Math.max(50, Math.floor(settings.visibilityTimeoutMs / 2)));
    this.#acks = new AckBatcher(
      (ids) => streamAck(client, settings.keys.stream, group, ids),
      (error, ids) =>
        this.#report(toRedisMcpError(error, `topic ${settings.topic}: acknowledging ${ids.length} message(s) failed; they will be delivered again`)),
    );
  }

  /** Creates the group if needed, opens the reading connection and starts the loop. */
  async start(): Promise<void> {
    await this.#ensureGroup();
    this.#reader = await openDedicatedConnection(this.#client);
    this.#running = true;
    const renewEveryMs = Math.max(10, Math.floor(this.#settings.visibilityTimeoutMs / 3));
    this.#renewal = setInterval(() => this.#renew(), renewEveryMs);
    this.#renewal.unref();
    this.#loop = this.#run();
  }

  /** Stops reading at once, waits for running handlers and their acks, then closes the connection. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#running = false;
      this.#wakeup.wake();
      // Ends a blocked XREADGROUP now; entries it may have been handed stay pending for this consumer.
      this.#reader?.disconnect();
      await this.#loop;
      await Promise.allSettled([...this.#tasks]);
      await this.#acks.drain();
      clearInterval(this.#renewal);
    })();
    return this.#stopping;
  }

  get #free(): number {
    return this.#concurrency - this.#inFlight.size;
  }

  async #ensureGroup(): Promise<void> {
    await streamGroupCreate(this.#client, this.#settings.keys.stream, this.#group, { startId: this.#settings.startFrom === "latest" ? "$" : "0" });
  }

  async #run(): Promise<void> {
    let backoffMs = FIRST_BACKOFF_MS;
    let resuming = true;
    let resumeAfter = "0";
    while (this.#running) {
      if (this.#free <= 0) {
        await this.#wakeup.wait();
        continue;
      }
      try {
        if (resuming) {
          // First what this consumer held when it last stopped (or crashed), then new messages.
          const { first: last, entries } = handedOut(
            await deliverOwnPendingScript.runBuffer(
              this.#client,
              [this.#settings.keys.stream, this.#settings.keys.deadLetter],
              [this.#group, this.#settings.consumer, resumeAfter, this.#free, this.#settings.maxAttempts, ...this.#deadLetterArguments()],
            ),
          );
          if (last === "") resuming = false;
          else resumeAfter = last;
          this.#startAll(entries);
        } else if (Date.now() >= this.#nextClaimAt) {
          await this.#claim();
        } else {
          const reader = this.#reader as RedisClient;
          const blockMs = Math.max(1, Math.min(this.#blockMs, this.#nextClaimAt - Date.now()));
          const entries = await streamGroupReadBuffer(reader, this.#settings.keys.stream, this.#group, this.#settings.consumer, { count: this.#free, blockMs });
          this.#startAll(entries.map((entry) => ({ id: entry.id, message: entry.fields.message, deliveries: 1 })));
        }
        backoffMs = FIRST_BACKOFF_MS;
        this.#failing = false;
      } catch (error) {
        if (!this.#running) break;
        const mapped = toRedisMcpError(error, `topic ${this.#settings.topic}: consumer ${this.#settings.consumer}`);
        if (!this.#failing) this.#report(mapped);
        this.#failing = true;
        await this.#wakeup.wait(backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        // The group is gone when Redis restarted without persistence or someone deleted the stream
        // (a blocked read then ends with "UNBLOCKED the stream key no longer exists", later ones with NOGROUP).
        if (this.#running && /NOGROUP|no longer exists/.test(mapped.message)) await this.#ensureGroup().catch(() => undefined);
      }
    }
  }

  /** One XAUTOCLAIM pass for as many entries as there are free slots. */
  async #claim(): Promise<void> {
    const { first: next, entries } = handedOut(
      await claimScript.runBuffer(
        this.#client,
        [this.#settings.keys.stream, this.#settings.keys.deadLetter],
        [
          this.#group,
          this.#settings.consumer,
          this.#settings.visibilityTimeoutMs,
          this.#claimCursor,
          this.#free,
          this.#settings.maxAttempts,
          ...this.#deadLetterArguments(),
        ],
      ),
    );
    this.#claimCursor = next;
    // A scan that has not wrapped around continues at once; otherwise wait for the next pass.
    this.#nextClaimAt = next === "0-0" ? Date.now() + this.#claimIntervalMs : Date.now();
    this.#startAll(entries);
  }

  #startAll(entries: HandedOut[]): void {
    for (const entry of entries) {
      if (entry.deliveries < 0) {
        this.#report(
          new DeadLetteredError(
            `topic ${this.#settings.topic}: message ${entry.id} was delivered more than ${this.#settings.maxAttempts} time(s) without an acknowledgement and moved to the dead letters.`,
            { channel: this.#settings.topic },
          ),
        );
        continue;
      }
      // Still ours and still running (a renewal was late): keep the one handler we have.
      if (this.#inFlight.has(entry.id)) continue;
      this.#inFlight.add(entry.id);
      const task = this.#process(entry).finally(() => {
        this.#inFlight.delete(entry.id);
        this.#tasks.delete(task);
        this.#wakeup.wake();
      });
      this.#tasks.add(task);
    }
  }

  async #process(entry: HandedOut): Promise<void> {
    const decoded = entry.message
      ? decodeEnvelope(this.#settings.codec, entry.message)
      : { ok: false as const, problem: "the stream entry has no message field" };
    if (!decoded.ok) {
      await this.#fail(entry.id, undefined, `undeliverable: ${decoded.problem}`, true);
      return;
    }
    const { envelope } = decoded;
    let data: unknown = envelope.data;
    if (this.#settings.schema) {
      const checked = await check(this.#settings.schema, data);
      if (!checked.ok) {
        await this.#fail(entry.id, envelope.id, `undeliverable: the payload does not match the topic's schema: ${checked.problem}`, true);
        return;
      }
      data = checked.value;
    }
    const message: DurableMessage<T> = {
      id: envelope.id,
      entryId: entry.id,
      timestamp: envelope.timestamp,
      data: data as T,
      topic: this.#settings.topic,
      attempts: entry.deliveries,
    };
    if (envelope.v !== undefined) message.v = envelope.v;
    try {
      const result = this.#handler(message);
      // Only a promise is awaited: a synchronous handler costs no extra turns.
      if (result instanceof Promise) await result;
    } catch (error) {
      this.#report(
        new HandlerError(`topic ${this.#settings.topic}: the handler failed on message ${envelope.id} (attempt ${entry.deliveries}): ${reasonOf(error)}`, {
          channel: this.#settings.topic,
          messageId: envelope.id,
          cause: error,
        }),
      );
      await this.#fail(entry.id, envelope.id, reasonOf(error), false);
      return;
    }
    // The slot frees once the ack is queued: the next read goes out while the XACK is on its way
    // (another connection), instead of after it. stop() drains the queued acks.
    this.#acks.ack(entry.id);
  }

  /** Hands a failed delivery back for a retry, or dead-letters it; one script, so never both. */
  async #fail(entryId: string, messageId: string | undefined, reason: string, force: boolean): Promise<void> {
    const { keys, maxAttempts, visibilityTimeoutMs, retryDelayMs, topic } = this.#settings;
    this.#handingBack.add(entryId);
    try {
      // A renewal sent before this entry was marked can still reach Redis after the hand-back (a
      // NOSCRIPT resend, a cluster redirect): let it land first, so the hand-back's idle time wins.
      if (this.#renewingNow) await this.#renewingNow;
      const outcome = Number(
        await failScript.run(
          this.#client,
          [keys.stream, keys.deadLetter],
          [
            this.#group,
            this.#settings.consumer,
            entryId,
            maxAttempts,
            reason,
            Math.max(0, visibilityTimeoutMs - retryDelayMs),
            force ? "1" : "0",
            ...this.#deadLetterArguments(),
          ],
        ),
      );
      if (outcome === 1) {
        this.#nextClaimAt = Math.min(this.#nextClaimAt, Date.now() + retryDelayMs);
      } else if (outcome === 2) {
        const where = this.#settings.deadLetter.enabled ? "moved to the dead letters" : "dropped (dead letters are off)";
        this.#report(new DeadLetteredError(`topic ${topic}: message ${messageId ?? entryId} was ${where}: ${reason}`, { channel: topic, messageId }));
      }
    } catch (error) {
      // It stays pending and comes back after the visibility timeout.
      this.#report(toRedisMcpError(error, `topic ${topic}: giving message ${entryId} back failed; it will be delivered again after the visibility timeout`));
    } finally {
      this.#handingBack.delete(entryId);
    }
  }

  #renew(): void {
    if (this.#renewingNow) return;
    const ids = [...this.#inFlight].filter((id) => !this.#handingBack.has(id));
    if (ids.length === 0) return;
    this.#renewingNow = renewScript
      .run(this.#client, [this.#settings.keys.stream], [this.#group, this.#settings.consumer, ...ids])
      .then(
        () => undefined,
        (error: unknown) => this.#report(toRedisMcpError(error, `topic ${this.#settings.topic}: renewing running deliveries`)),
      )
      .finally(() => {
        this.#renewingNow = undefined;
      });
  }

  #deadLetterArguments(): [string, number] {
    return [this.#settings.deadLetter.enabled ? "1" : "0", this.#settings.deadLetter.maxLength];
  }

  #report(error: RedisMcpError): void {
    try {
      this.#settings.onError(error);
    } catch {
      // A throwing error handler must not stop the consumer.
    }
  }
}
