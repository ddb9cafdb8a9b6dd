import { defineScript } from "@redis-mcp/core";

// Every per-metric script takes the metric's keys in this order: base (`<prefix>:{<name>}`, only
// used to build rollup key names, so they share the hash tag), meta, series, values. Rollup keys
// are built inside the script from the base: they are in the same slot, and ioredis has already
// applied any client keyPrefix to the base.
const METRIC_KEYS = `
local base, meta, series, values = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
`;

/**
 * Lua: `now` from ARGV (client clock) or, when empty, the server's clock, so instances with skewed
 * clocks file observations under the same minute.
 */
const CLOCK = `
local now = tonumber(ARGV[1])
if not now then
  local clock = redis.call('TIME')
  now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end
`;

/**
 * Records observations of one metric: current values plus the minute and hour rollups, in one call.
 * ARGV: now ('' = server clock), minute retention ms (0 = no minute rollups), hour retention ms
 * (0 = none), definition fingerprint, series limit, overflow series key ('' = reject new series
 * past the limit), then groups of four: series key, op, a, b. Ops:
 *   i  counter add a
 *   g  gauge set a           G  gauge add a
 *   o  histogram observation a into bucket index b
 *   b  histogram bucket index a += b (pre-aggregated)
 *   t  histogram sum += a, count += b (pre-aggregated)
 * Replies {1, status per group (1 recorded, 0 refused by the series limit)}, or {0, stored
 * fingerprint} when the metric exists with another definition (nothing written).
 *
 * Retention is key expiry: each rollup hash expires one retention after its bucket ends, so no
 * observation ever trims anything and memory stays bounded by (series x buckets kept).
 */
export const observeScript = defineScript({
  name: "metrics_observe",
  keys: 4,
  lua: `${METRIC_KEYS}${CLOCK}
local minute_retention, hour_retention = tonumber(ARGV[2]), tonumber(ARGV[3])
local stored = redis.call('HGET', meta, 'definition')
if stored and stored ~= ARGV[4] then return {0, stored} end
if not stored then redis.call('HSET', meta, 'definition', ARGV[4]) end
local max_series, overflow = tonumber(ARGV[5]), ARGV[6]

local rollups = {}
if minute_retention > 0 then
  local start = now - now % 60000
  rollups[#rollups + 1] = {base .. ':m:' .. start, start + 60000 + minute_retention}
end
if hour_retention > 0 then
  local start = now - now % 3600000
  rollups[#rollups + 1] = {base .. ':h:' .. start, start + 3600000 + hour_retention}
end

local ids, count = {}, nil
local function create(key)
  local id = tostring(redis.call('HINCRBY', meta, 'next', 1))
  redis.call('HSET', series, key, id)
  return id
end
local function id_of(key)
  local id = ids[key]
  if id ~= nil then return id end
  id = redis.call('HGET', series, key)
  if not id then
    if key == overflow then
      id = create(key)
    else
      if count == nil then
        count = redis.call('HLEN', series)
        if overflow ~= '' and redis.call('HEXISTS', series, overflow) == 1 then count = count - 1 end
      end
      if count < max_series then
        id = create(key)
        count = count + 1
      elseif overflow ~= '' then
        id = id_of(overflow)
      else
        id = false
      end
    end
  end
  ids[key] = id
  return id
end

local function add_float(field, delta)
  redis.call('HINCRBYFLOAT', values, field, delta)
  for _, rollup in ipairs(rollups) do redis.call('HINCRBYFLOAT', rollup[1], field, delta) end
end
local function add_integer(field, delta)
  redis.call('HINCRBY', values, field, delta)
  for _, rollup in ipairs(rollups) do redis.call('HINCRBY', rollup[1], field, delta) end
end
-- value is a string (as the caller sent it, or as Redis formatted a sum): Lua's tostring would round it.
local function gauge_rollups(id, value)
  local number = tonumber(value)
  for _, rollup in ipairs(rollups) do
    local bounds = redis.call('HMGET', rollup[1], id .. ':min', id .. ':max')
    local low, high = value, value
    if bounds[1] and tonumber(bounds[1]) < number then low = bounds[1] end
    if bounds[2] and tonumber(bounds[2]) > number then high = bounds[2] end
    redis.call('HSET', rollup[1], id, value, id .. ':min', low, id .. ':max', high)
  end
end

local statuses, written = {1}, false
for index = 7, #ARGV, 4 do
  local id = id_of(ARGV[index])
  if id then
    local op, a, b = ARGV[index + 1], ARGV[index + 2], ARGV[index + 3]
    if op == 'i' then
      add_float(id, a)
    elseif op == 'g' then
      redis.call('HSET', values, id, a)
      gauge_rollups(id, a)
    elseif op == 'G' then
      gauge_rollups(id, redis.call('HINCRBYFLOAT', values, id, a))
    elseif op == 'o' then
      add_integer(id .. ':' .. b, 1)
      add_float(id .. ':sum', a)
      add_integer(id .. ':count', 1)
    elseif op == 'b' then
      add_integer(id .. ':' .. a, b)
    elseif op == 't' then
      add_float(id .. ':sum', a)
      add_integer(id .. ':count', b)
    end
    statuses[#statuses + 1] = 1
    written = true
  else
    statuses[#statuses + 1] = 0
  end
end
if written then
  for _, rollup in ipairs(rollups) do redis.call('PEXPIREAT', rollup[1], rollup[2]) end
end
return statuses
`,
});

/**
 * Adds or updates a metric in the prefix's registry. ARGV: name, definition JSON, fingerprint.
 * Replies nil when stored (help may change), or the stored JSON when the name is taken by another
 * definition (nothing written).
 */
export const registerScript = defineScript({
  name: "metrics_register",
  keys: 1,
  lua: `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local ok, decoded = pcall(cjson.decode, stored)
  if ok and type(decoded) == 'table' and decoded.fingerprint ~= nil and decoded.fingerprint ~= ARGV[3] then return stored end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return false
`,
});

/**
 * Removes one series: its registry entry and current values (rollup fields expire with their
 * buckets; a series created again gets a new id, so old rollups never mix in).
 * ARGV: series key, then the value fields' suffixes ('' for the plain id). Replies 1 or 0.
 */
export const removeSeriesScript = defineScript({
  name: "metrics_remove_series",
  keys: 4,
  lua: `${METRIC_KEYS}
local id = redis.call('HGET', series, ARGV[1])
if not id then return 0 end
redis.call('HDEL', series, ARGV[1])
local fields = {}
for index = 2, #ARGV do fields[#fields + 1] = id .. ARGV[index] end
redis.call('HDEL', values, unpack(fields))
return 1
`,
});

/**
 * Deletes every series, value and rollup of a metric (the definition fingerprint stays unless
 * ARGV[4] is '1'). ARGV: now ('' = server clock), minute retention ms, hour retention ms, forget.
 * Rollup keys are found by time, not by scanning: one per bucket the retention can still hold.
 */
export const resetScript = defineScript({
  name: "metrics_reset",
  keys: 4,
  lua: `${METRIC_KEYS}${CLOCK}
local doomed = {series, values}
if ARGV[4] == '1' then doomed[#doomed + 1] = meta end
local function rollups(tag, period, retention)
  if retention <= 0 then return end
  local newest = now - now % period + period
  for start = newest, newest - period - retention, -period do doomed[#doomed + 1] = base .. ':' .. tag .. ':' .. start end
end
rollups('m', 60000, tonumber(ARGV[2]))
rollups('h', 3600000, tonumber(ARGV[3]))
local deleted = 0
for start = 1, #doomed, 1000 do
  deleted = deleted + redis.call('UNLINK', unpack(doomed, start, math.min(start + 999, #doomed)))
end
return deleted
`,
});

/**
 * Reads one series' rollups between two times. ARGV: series key, from (ms, inclusive), to (ms,
 * exclusive), bucket length (60000 or 3600000), tag ('m' or 'h'), then field suffixes to read
 * ('' for the plain id). Replies a flat list: bucket start, then one value per field ('' when
 * absent), for buckets that hold anything; empty when the series does not exist.
 */
export const rangeScript = defineScript({
  name: "metrics_range",
  keys: 4,
  lua: `${METRIC_KEYS}
local id = redis.call('HGET', series, ARGV[1])
if not id then return {} end
local from, to, period, tag = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local fields = {}
for index = 6, #ARGV do fields[#fields + 1] = id .. ARGV[index] end
local reply = {}
for start = from - from % period, to - 1, period do
  local row = redis.call('HMGET', base .. ':' .. tag .. ':' .. start, unpack(fields))
  local any = false
  for _, value in ipairs(row) do if value then any = true end end
  if any then
    reply[#reply + 1] = tostring(start)
    for _, value in ipairs(row) do reply[#reply + 1] = value or '' end
  end
end
return reply
`,
});

/**
 * Reads the rollups of every series of a metric for the buckets starting at the given times
 * (used for recent rates in the dashboard). ARGV: tag ('m' or 'h'), then bucket start times.
 * Replies one flat field/value list per bucket (empty for a missing bucket).
 */
export const recentRollupsScript = defineScript({
  name: "metrics_recent_rollups",
  keys: 4,
  lua: `${METRIC_KEYS}
local reply = {}
for index = 2, #ARGV do reply[#reply + 1] = redis.call('HGETALL', base .. ':' .. ARGV[1] .. ':' .. ARGV[index]) end
return reply
`,
});

/**
 * Reads one series' current value fields. ARGV: series key, then field suffixes ('' for the plain
 * id). Replies one value per suffix (nil when absent), or an empty list when the series does not exist.
 */
export const seriesValuesScript = defineScript({
  name: "metrics_series_values",
  keys: 4,
  lua: `${METRIC_KEYS}
local id = redis.call('HGET', series, ARGV[1])
if not id then return {} end
local fields = {}
for index = 2, #ARGV do fields[#fields + 1] = id .. ARGV[index] end
return redis.call('HMGET', values, unpack(fields))
`,
});
