import { defineScript } from "../scripts/redis-script.js";

// Every script takes the queue's five keys in this order. Commands take many ids at once (one
// ZADD for a whole batch, not one per job): the calls inside a script are most of its cost.
// `each` splits long argument lists because Lua's unpack stops at 8,000 values.
const PRELUDE = `
local ready, inflight, delayed, jobs, dead = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local function each(command, key, values)
  local replies = {}
  for start = 1, #values, 1000 do
    local reply = redis.call(command, key, unpack(values, start, math.min(start + 999, #values)))
    if type(reply) == 'table' then
      for _, value in ipairs(reply) do replies[#replies + 1] = value end
    end
  end
  return replies
end
local function suffixed(ids, suffixes)
  local fields = {}
  for _, id in ipairs(ids) do
    for _, suffix in ipairs(suffixes) do fields[#fields + 1] = id .. suffix end
  end
  return fields
end
`;

// Time comes from the server, so consumers with skewed clocks agree on deadlines.
const CLOCK = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

/** Lua: due delayed jobs (at most `limit`) to the back of ready, in due order. */
const PROMOTE_DUE = `
local function promote_due(limit)
  local due = redis.call('ZRANGEBYSCORE', delayed, '-inf', now, 'LIMIT', 0, limit)
  if #due == 0 then return end
  each('ZREM', delayed, due)
  each('RPUSH', ready, due)
end
`;

/**
 * Lua: in-flight jobs past their deadline (at most `limit`) back to the front of ready (their
 * consumer is gone; they were first in line), or to the dead letters once they used every attempt.
 */
const REQUEUE_EXPIRED = `
local function requeue_expired(limit, max_attempts)
  local expired = redis.call('ZRANGEBYSCORE', inflight, '-inf', now, 'LIMIT', 0, limit)
  if #expired == 0 then return 0, 0 end
  each('ZREM', inflight, expired)
  local attempts = each('HMGET', jobs, suffixed(expired, {':attempts'}))
  local again, exhausted = {}, {}
  -- Backwards, so after one LPUSH the earliest deadline is first in line.
  for index = #expired, 1, -1 do
    if tonumber(attempts[index] or '0') >= max_attempts then
      table.insert(exhausted, 1, expired[index])
    else
      again[#again + 1] = expired[index]
    end
  end
  if #again > 0 then each('LPUSH', ready, again) end
  if #exhausted > 0 then each('RPUSH', dead, exhausted) end
  return #again, #exhausted
end
`;

/**
 * Adds jobs that do not exist yet (an id already known is skipped: enqueue is idempotent per id).
 * ARGV: id, payload, delayMs triples. Replies 1 per added job, 0 per skipped one.
 */
export const enqueueScript = defineScript({
  name: "queue_enqueue",
  keys: 5,
  lua: `${PRELUDE}${CLOCK}
local ids = {}
for index = 1, #ARGV, 3 do ids[#ids + 1] = ARGV[index] end
local existing = each('HMGET', jobs, suffixed(ids, {':payload'}))
local results, seen, fields, waiting, scored = {}, {}, {}, {}, {}
for index, id in ipairs(ids) do
  results[index] = 0
  if not existing[index] and not seen[id] then
    seen[id] = true
    results[index] = 1
    fields[#fields + 1] = id .. ':payload'
    fields[#fields + 1] = ARGV[index * 3 - 1]
    fields[#fields + 1] = id .. ':attempts'
    fields[#fields + 1] = 0
    fields[#fields + 1] = id .. ':enqueuedAt'
    fields[#fields + 1] = now
    local delay = tonumber(ARGV[index * 3])
    if delay > 0 then
      scored[#scored + 1] = now + delay
      scored[#scored + 1] = id
    else
      waiting[#waiting + 1] = id
    end
  end
end
if #fields > 0 then each('HSET', jobs, fields) end
if #waiting > 0 then each('RPUSH', ready, waiting) end
if #scored > 0 then each('ZADD', delayed, scored) end
return results
`,
});

/**
 * Promotes due delayed jobs and requeues expired ones (bounded batches), then moves up to `count`
 * ready jobs to in-flight with deadline now + visibility, counting the attempt.
 * ARGV: count, visibilityMs, maxAttempts, maintenanceBatch.
 * Replies {now, nextEventAt, id, payload, attempts, enqueuedAt, ...}; nextEventAt is the earliest
 * delayed due time or in-flight deadline (-1 if none), computed only when nothing was delivered.
 */
export const dequeueScript = defineScript({
  name: "queue_dequeue",
  keys: 5,
  lua: `${PRELUDE}${CLOCK}${PROMOTE_DUE}${REQUEUE_EXPIRED}
local count, visibility, max_attempts, batch = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
promote_due(batch)
requeue_expired(batch, max_attempts)
local reply = {now, -1}
local ids = redis.call('LPOP', ready, count)
if ids then
  local values = each('HMGET', jobs, suffixed(ids, {':payload', ':attempts', ':enqueuedAt'}))
  local scored, counted = {}, {}
  local deadline = now + visibility
  for index, id in ipairs(ids) do
    local payload = values[index * 3 - 2]
    -- An id without data (deleted behind the queue's back) is dropped, not delivered.
    if payload then
      local attempts = tonumber(values[index * 3 - 1] or '0') + 1
      scored[#scored + 1] = deadline
      scored[#scored + 1] = id
      counted[#counted + 1] = id .. ':attempts'
      counted[#counted + 1] = attempts
      reply[#reply + 1] = id
      reply[#reply + 1] = payload
      reply[#reply + 1] = attempts
      reply[#reply + 1] = tonumber(values[index * 3])
    end
  end
  if #scored > 0 then
    each('ZADD', inflight, scored)
    each('HSET', jobs, counted)
  end
end
if #reply == 2 then
  local next_due = redis.call('ZRANGE', delayed, 0, 0, 'WITHSCORES')[2]
  local next_deadline = redis.call('ZRANGE', inflight, 0, 0, 'WITHSCORES')[2]
  if next_due then reply[2] = tonumber(next_due) end
  if next_deadline and (reply[2] == -1 or tonumber(next_deadline) < reply[2]) then reply[2] = tonumber(next_deadline) end
end
return reply
`,
});

/**
 * Acknowledges deliveries: removes each job that is in flight (in the given delivery, when its
 * attempts are given). ARGV: id, attempts ('' = any delivery) pairs. Replies 1 or 0 per pair.
 */
export const ackScript = defineScript({
  name: "queue_ack",
  keys: 5,
  lua: `${PRELUDE}
local ids, expected = {}, {}
for index = 1, #ARGV, 2 do
  ids[#ids + 1] = ARGV[index]
  expected[#expected + 1] = ARGV[index + 1]
end
local deadlines = each('ZMSCORE', inflight, ids)
local attempts = each('HMGET', jobs, suffixed(ids, {':attempts'}))
local results, seen, acked = {}, {}, {}
for index, id in ipairs(ids) do
  if deadlines[index] and not seen[id] and (expected[index] == '' or attempts[index] == expected[index]) then
    seen[id] = true
    acked[#acked + 1] = id
    results[index] = 1
  else
    results[index] = 0
  end
end
if #acked > 0 then
  each('ZREM', inflight, acked)
  each('HDEL', jobs, suffixed(acked, {':payload', ':attempts', ':enqueuedAt'}))
end
return results
`,
});

/**
 * Gives a delivery back: to the dead letters once attempts reached maxAttempts, else to delayed
 * (retryDelayMs > 0) or the back of ready. ARGV: id, attempts ('' = any), maxAttempts, retryDelayMs.
 * Replies 'not-in-flight', 'dead-lettered', 'delayed' or 'requeued'.
 */
export const nackScript = defineScript({
  name: "queue_nack",
  keys: 5,
  lua: `${PRELUDE}${CLOCK}
local id, expected, max_attempts, delay = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local attempts = redis.call('HGET', jobs, id .. ':attempts')
if not redis.call('ZSCORE', inflight, id) or (expected ~= '' and attempts ~= expected) then return 'not-in-flight' end
redis.call('ZREM', inflight, id)
if tonumber(attempts or '0') >= max_attempts then
  redis.call('RPUSH', dead, id)
  return 'dead-lettered'
end
if delay > 0 then
  redis.call('ZADD', delayed, now + delay, id)
  return 'delayed'
end
redis.call('RPUSH', ready, id)
return 'requeued'
`,
});

/** Requeues up to `limit` expired in-flight jobs. ARGV: maxAttempts, limit. Replies {requeued, deadLettered}. */
export const requeueExpiredScript = defineScript({
  name: "queue_requeue_expired",
  keys: 5,
  lua: `${PRELUDE}${CLOCK}${REQUEUE_EXPIRED}
local requeued, dead_lettered = requeue_expired(tonumber(ARGV[2]), tonumber(ARGV[1]))
return {requeued, dead_lettered}
`,
});

/** Replies {ready, inFlight, delayed, deadLetter} counts. */
export const statsScript = defineScript({
  name: "queue_stats",
  keys: 5,
  lua: `
return {redis.call('LLEN', KEYS[1]), redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3]), redis.call('LLEN', KEYS[5])}
`,
});

/** A window of the dead letters, oldest first. ARGV: offset, limit. Replies {total, id, payload, attempts, enqueuedAt, ...}. */
export const deadLettersScript = defineScript({
  name: "queue_dead_letters",
  keys: 5,
  lua: `${PRELUDE}
local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local reply = {redis.call('LLEN', dead)}
local ids = redis.call('LRANGE', dead, offset, offset + limit - 1)
local values = each('HMGET', jobs, suffixed(ids, {':payload', ':attempts', ':enqueuedAt'}))
for index, id in ipairs(ids) do
  if values[index * 3 - 2] then
    reply[#reply + 1] = id
    reply[#reply + 1] = values[index * 3 - 2]
    reply[#reply + 1] = tonumber(values[index * 3 - 1])
    reply[#reply + 1] = tonumber(values[index * 3])
  end
end
return reply
`,
});

/** Moves up to `limit` dead letters (oldest first) to the back of ready with fresh attempts. ARGV: limit. Replies how many moved. */
export const retryDeadLettersScript = defineScript({
  name: "queue_retry_dead_letters",
  keys: 5,
  lua: `${PRELUDE}
local ids = redis.call('LPOP', dead, tonumber(ARGV[1]))
if not ids then return 0 end
local fields = {}
for _, id in ipairs(ids) do
  fields[#fields + 1] = id .. ':attempts'
  fields[#fields + 1] = 0
end
each('HSET', jobs, fields)
each('RPUSH', ready, ids)
return #ids
`,
});
