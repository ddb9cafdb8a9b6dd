import type { RedisClient } from "../client/redis-client.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { defineScript } from "../scripts/redis-script.js";
import { decodePayload } from "./payload-codec.js";
import { queueKeys } from "./queue-keys.js";
import { integerOption, MAX_BATCH } from "./queue-limits.js";

/** Which jobs {@link peekQueue} looks at. */
export type QueueState = "ready" | "delayed" | "in-flight";

/** Options for {@link peekQueue}. */
export interface PeekQueueOptions {
  /** `ready` (default: next to be delivered first), `delayed` (soonest due first) or `in-flight` (earliest deadline first). */
  state?: QueueState;
  /** Jobs to skip (default 0). */
  offset?: number;
  /** Most jobs to return (default 10, at most 10,000). */
  limit?: number;
}

/** A job seen by {@link peekQueue}, left where it is. */
export interface PeekedJob<Payload = unknown> {
  id: string;
  payload: Payload;
  /** Deliveries so far. */
  attempts: number;
  /** When it was enqueued (ms since the epoch, server clock). */
  enqueuedAt: number;
  /** Delayed: when it becomes ready; in flight: its visibility deadline (ms since the epoch); null for ready jobs. */
  dueAt: number | null;
}

/** A window of one state's jobs with the state's total. */
export interface QueuePeek<Payload = unknown> {
  state: QueueState;
  total: number;
  jobs: PeekedJob<Payload>[];
}

const STATES: readonly QueueState[] = ["ready", "delayed", "in-flight"];

/** ARGV: state, offset, limit. Replies {total, id, payload, attempts, enqueuedAt, dueAt (-1 for ready), ...}. */
const peekScript = defineScript({
  name: "queue_peek",
  keys: 5,
  lua: `
local ready, inflight, delayed, jobs = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local state, offset, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local ids, due, total = {}, {}, 0
if state == 'ready' then
  total = redis.call('LLEN', ready)
  ids = redis.call('LRANGE', ready, offset, offset + limit - 1)
else
  local key = state == 'delayed' and delayed or inflight
  total = redis.call('ZCARD', key)
  local window = redis.call('ZRANGE', key, offset, offset + limit - 1, 'WITHSCORES')
  for index = 1, #window, 2 do
    ids[#ids + 1] = window[index]
    due[#due + 1] = tonumber(window[index + 1])
  end
end
local reply = {total}
for index, id in ipairs(ids) do
  local values = redis.call('HMGET', jobs, id .. ':payload', id .. ':attempts', id .. ':enqueuedAt')
  if values[1] then
    reply[#reply + 1] = id
    reply[#reply + 1] = values[1]
    reply[#reply + 1] = tonumber(values[2] or '0')
    reply[#reply + 1] = tonumber(values[3] or '0')
    reply[#reply + 1] = due[index] or -1
  end
end
return reply
`,
});

/**
 * Looks at a queue's jobs without taking them (for operators and dashboards): a window of the
 * ready list, the delayed jobs or the jobs in flight, with payloads, in one round trip (a Lua
 * call on the queue's hash tag, so it works unchanged on a cluster). Nothing changes.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad queue name, state, offset or limit; nothing is sent.
 * @throws RedisMcpError (`E_REDIS_UNAVAILABLE`, `E_TIMEOUT`, ...) when Redis fails.
 * @example const { total, jobs } = await peekQueue(redis, "orders", { limit: 5 });
 */
export async function peekQueue<Payload = unknown>(client: RedisClient, name: string, options: PeekQueueOptions = {}): Promise<QueuePeek<Payload>> {
  const keys = queueKeys(name);
  const operation = `queue "${name}" peek`;
  const state = options.state ?? "ready";
  if (!STATES.includes(state)) throw new InvalidArgumentError(`${operation}: state must be one of ${STATES.join(", ")}; got ${JSON.stringify(state)}.`);
  const offset = integerOption(operation, "offset", options.offset, 0, 0);
  const limit = integerOption(operation, "limit", options.limit, 10, 1, MAX_BATCH);
  const reply = (await peekScript.runBuffer(
    client,
    [keys.ready, keys.inflight, keys.delayed, keys.jobs, keys.dead],
    [state, offset, limit],
    operation,
  )) as unknown[];
  const jobs: PeekedJob<Payload>[] = [];
  for (let index = 1; index + 4 < reply.length; index += 5) {
    const due = Number(reply[index + 4]);
    jobs.push({
      id: String(reply[index]),
      payload: decodePayload(reply[index + 1] as Buffer) as Payload,
      attempts: Number(reply[index + 2]),
      enqueuedAt: Number(reply[index + 3]),
      dueAt: due < 0 ? null : due,
    });
  }
  return { state, total: Number(reply[0]), jobs };
}
