import { defineScript } from "@redis-mcp/core";

// Every script takes KEYS[1] = the topic stream and, where it dead-letters, KEYS[2] = the dead-letter
// stream (same hash tag). Dead-lettering always happens in the same script as the XACK that takes
// the entry off the pending list, so an entry is never both lost and acknowledged, nor in both places.

/**
 * Lua shared by the scripts that dead-letter. `bury` copies the entry's fields to the dead-letter
 * stream with why it died, then acknowledges it; with dead letters off it only acknowledges.
 * DEAD = { enabled ('1'/'0'), maxLength ('0' = untrimmed) }.
 */
const BURY = `
local function bury(stream, dead, group, consumer, id, fields, attempts, reason, enabled, maxLength)
  if enabled == '1' then
    local args = {dead}
    if tonumber(maxLength) > 0 then
      args[#args + 1] = 'MAXLEN'
      args[#args + 1] = '~'
      args[#args + 1] = maxLength
    end
    args[#args + 1] = '*'
    for i = 1, #fields do args[#args + 1] = fields[i] end
    args[#args + 1] = 'entryId'
    args[#args + 1] = id
    args[#args + 1] = 'attempts'
    args[#args + 1] = tostring(attempts)
    args[#args + 1] = 'group'
    args[#args + 1] = group
    args[#args + 1] = 'consumer'
    args[#args + 1] = consumer
    args[#args + 1] = 'error'
    args[#args + 1] = reason
    redis.call('XADD', unpack(args))
  end
  redis.call('XACK', stream, group, id)
end

local function deliveriesOf(stream, group, id)
  local pending = redis.call('XPENDING', stream, group, id, id, 1)
  if pending[1] then return tonumber(pending[1][4]) end
  return 0
end

-- Hands out entries just delivered to this consumer: [id, fields, deliveries] each; entries delivered
-- more than maxAttempts times are dead-lettered instead, deleted (trimmed) ones acknowledged.
local function handOut(out, stream, dead, group, consumer, entries, maxAttempts, enabled, maxLength)
  for _, entry in ipairs(entries) do
    if type(entry) == 'table' then
      local id, fields = entry[1], entry[2]
      if type(fields) ~= 'table' then
        redis.call('XACK', stream, group, id)
      else
        local deliveries = deliveriesOf(stream, group, id)
        if deliveries > maxAttempts then
          bury(stream, dead, group, consumer, id, fields, deliveries - 1,
            'delivered ' .. (deliveries - 1) .. ' times without an acknowledgement (the consumer died or ran past the visibility timeout)',
            enabled, maxLength)
          out[#out + 1] = {id, false, -1}
        else
          out[#out + 1] = {id, fields, deliveries}
        end
      end
    end
  end
end
`;

/**
 * This consumer's own pending entries after an id (XREADGROUP with an id re-delivers them and
 * counts the delivery): how a restarted consumer picks up what it held when it stopped.
 * ARGV: group, consumer, after, count, maxAttempts, dead enabled, dead maxLength.
 * Returns { lastId ('' when none), {id, fields | false, deliveries}... }.
 */
export const deliverOwnPendingScript = defineScript({
  name: "pubsub_deliver_own_pending",
  keys: 2,
  lua: `${BURY}
local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[4], 'STREAMS', KEYS[1], ARGV[3])
local entries = {}
if type(reply) == 'table' and reply[1] then entries = reply[1][2] end
local last = ''
for _, entry in ipairs(entries) do if type(entry) == 'table' then last = entry[1] end end
local out = {last}
handOut(out, KEYS[1], KEYS[2], ARGV[1], ARGV[2], entries, tonumber(ARGV[5]), ARGV[6], ARGV[7])
return out`,
});

/**
 * Claims entries idle for at least the visibility timeout, whoever held them (XAUTOCLAIM counts
 * the delivery), dead-lettering those that used up their attempts.
 * ARGV: group, consumer, minIdleMs, start, count, maxAttempts, dead enabled, dead maxLength.
 * Returns { nextStart, {id, fields | false, deliveries}... }.
 */
export const claimScript = defineScript({
  name: "pubsub_claim",
  keys: 2,
  lua: `${BURY}
local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
local out = {reply[1]}
handOut(out, KEYS[1], KEYS[2], ARGV[1], ARGV[2], reply[2], tonumber(ARGV[6]), ARGV[7], ARGV[8])
return out`,
});

/**
 * A delivery that failed (its handler threw, or it cannot be decoded), if this consumer still holds
 * it: dead-letter it when forced or out of attempts, otherwise make it claimable again after the
 * retry delay (XCLAIM JUSTID with IDLE: the delivery count is not touched).
 * ARGV: group, consumer, id, maxAttempts, reason, idle after release, force, dead enabled, dead maxLength.
 * Returns 0 (no longer held by this consumer), 1 (released for a retry), 2 (dead-lettered or, with dead letters off, dropped).
 */
export const failScript = defineScript({
  name: "pubsub_fail",
  keys: 2,
  lua: `${BURY}
local stream, group, consumer, id = KEYS[1], ARGV[1], ARGV[2], ARGV[3]
local pending = redis.call('XPENDING', stream, group, id, id, 1, consumer)
if not pending[1] then return 0 end
local deliveries = tonumber(pending[1][4])
if ARGV[7] == '1' or deliveries >= tonumber(ARGV[4]) then
  local entry = redis.call('XRANGE', stream, id, id)
  local fields = {}
  if entry[1] then fields = entry[1][2] end
  bury(stream, KEYS[2], group, consumer, id, fields, deliveries, ARGV[5], ARGV[8], ARGV[9])
  return 2
end
redis.call('XCLAIM', stream, group, consumer, 0, id, 'IDLE', ARGV[6], 'JUSTID')
return 1`,
});

/**
 * Resets the idle time of the entries this consumer still holds (XCLAIM JUSTID: no delivery
 * counted), so a long handler is not taken for a dead consumer's work.
 * ARGV: group, consumer, ids... Returns how many were renewed.
 */
export const renewScript = defineScript({
  name: "pubsub_renew",
  keys: 1,
  lua: `
local renewed = 0
for i = 3, #ARGV do
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if pending[1] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    renewed = renewed + 1
  end
end
return renewed`,
});

/**
 * Counts in one round trip: { stream length, dead letters, pending in the group (-1 without the
 * group), consumers in the group, undelivered entries (lag; -1 when Redis cannot tell) }.
 * ARGV: group.
 */
export const statsScript = defineScript({
  name: "pubsub_stats",
  keys: 2,
  lua: `
local length = redis.call('XLEN', KEYS[1])
local dead = redis.call('XLEN', KEYS[2])
local pending, consumers, lag = -1, 0, -1
if length > 0 or redis.call('EXISTS', KEYS[1]) == 1 then
  local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
  for _, group in ipairs(groups) do
    local fields = {}
    for i = 1, #group, 2 do fields[group[i]] = group[i + 1] end
    if fields['name'] == ARGV[1] then
      pending = fields['pending']
      consumers = fields['consumers']
      if type(fields['lag']) == 'number' then lag = fields['lag'] end
    end
  end
end
return {length, dead, pending, consumers, lag}`,
});

/**
 * Moves up to ARGV[1] dead letters, oldest first, back to the topic as new entries (with a fresh
 * delivery count), trimming the topic as its publishes do. ARGV: count, trim ('MAXLEN', 'MINID' or
 * ''), threshold. Returns how many moved.
 */
export const retryDeadLettersScript = defineScript({
  name: "pubsub_retry_dead_letters",
  keys: 2,
  lua: `
local entries = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', ARGV[1])
local moved = 0
for _, entry in ipairs(entries) do
  local id, fields = entry[1], entry[2]
  local message = nil
  for i = 1, #fields, 2 do if fields[i] == 'message' then message = fields[i + 1] end end
  if message then
    if ARGV[2] ~= '' then
      redis.call('XADD', KEYS[1], ARGV[2], '~', ARGV[3], '*', 'message', message)
    else
      redis.call('XADD', KEYS[1], '*', 'message', message)
    end
    moved = moved + 1
  end
  redis.call('XDEL', KEYS[2], id)
end
return moved`,
});
