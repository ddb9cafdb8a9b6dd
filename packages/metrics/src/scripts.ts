import { defineScript } from "@redis-mcp/core";

// Every per-metric script takes the metric's keys in this order: base (`<prefix>:{<name>}`, only
// used to build rollup key names, so they share the hash tag), series, values. Rollup keys are
// built inside the script from the base: they are in the same slot, and ioredis has already
// applied any client keyPrefix to the base. The series hash also holds `#definition` (the
// fingerprint of type, labels and buckets) and `#next` (the last series id given out); label
// sets are JSON arrays, so they never collide with those fields.
const METRIC_KEYS = `
local base, series, values = KEYS[1], KEYS[2], KEYS[3]
`;

/**
 * Records observations of one metric: current values plus the minute and hour rollups, in one call.
 * KEYS: series, values, the minute rollup, the hour rollup (the caller names the buckets from its
 * clock; a disabled rollup is given as the series key, with expiry 0). ARGV: minute
 * rollup expiry (ms since the epoch; 0 = no minute rollups), hour rollup expiry (0 = none),
 * definition fingerprint, series limit, overflow series key ('' = refuse new series past the
 * limit), then groups of four: series key, op, a, b. Ops:
 *   i  counter add a
 *   g  gauge set a           G  gauge add a
 *   o  histogram observation a into bucket index b
 *   b  histogram bucket index a += b (pre-aggregated)
 *   t  histogram sum += a, count += b (pre-aggregated)
 * Replies {1, status per group (1 recorded, 0 refused by the series limit)}, or {0, stored
 * fingerprint} when the metric exists with another definition (nothing written).
 *
 * Retention is key expiry: each rollup hash expires one retention after its bucket ends, so no
 * observation ever trims anything and memory stays bounded by (series x buckets kept). The expiry
 * is set when a write creates a field (so on a key's first write), not on every call.
 *
 * This runs on every observation, so it is written for the common case: one HMGET finds the
 * definition and every series of the call; integer increments use HINCRBY (HINCRBYFLOAT, which
 * parses and prints long doubles, only for fractions or a field that already holds one); key
 * names and expiry times come from the caller, so no number is formatted here.
 */
export const observeScript = defineScript({
  name: "metrics_observe",
  keys: 4,
  lua: `
local series, values = KEYS[1], KEYS[2]
local fingerprint = ARGV[3]

-- Fast path, the common case: one integer counter increment on a series that exists. Same
-- effect as the general path below, with less Lua (no tables, closures or loops per call): it
-- runs on nearly every observation, and each line here is Redis CPU per increment.
if #ARGV == 9 and ARGV[7] == 'i' and #ARGV[8] < 16 and string.find(ARGV[8], '^%d+$') then
  local found = redis.call('HMGET', series, '#definition', ARGV[6])
  local id, delta = found[2], ARGV[8]
  if found[1] == fingerprint and id then
    if type(redis.pcall('HINCRBY', values, id, delta)) == 'table' then redis.call('HINCRBYFLOAT', values, id, delta) end
    local number = tonumber(delta)
    if ARGV[1] ~= '0' then
      local result = redis.pcall('HINCRBY', KEYS[3], id, delta)
      if type(result) == 'table' then result = tonumber(redis.call('HINCRBYFLOAT', KEYS[3], id, delta)) end
      if result == number then redis.call('PEXPIREAT', KEYS[3], ARGV[1]) end
    end
    if ARGV[2] ~= '0' then
      local result = redis.pcall('HINCRBY', KEYS[4], id, delta)
      if type(result) == 'table' then result = tonumber(redis.call('HINCRBYFLOAT', KEYS[4], id, delta)) end
      if result == number then redis.call('PEXPIREAT', KEYS[4], ARGV[2]) end
    end
    return {1, 1}
  end
end

local max_series, overflow = tonumber(ARGV[4]), ARGV[5]

local lookup, position, distinct = {'HMGET', series, '#definition'}, {}, 0
for index = 6, #ARGV, 4 do
  local key = ARGV[index]
  if not position[key] then
    distinct = distinct + 1
    lookup[distinct + 3] = key
    position[key] = distinct + 1
  end
end
local found = redis.call(unpack(lookup))
if found[1] and found[1] ~= fingerprint then return {0, found[1]} end
if not found[1] then redis.call('HSET', series, '#definition', fingerprint) end

local ids, refused, count = {}, {}, nil
for key, at in pairs(position) do ids[key] = found[at] end
local function create(key)
  local id = tostring(redis.call('HINCRBY', series, '#next', 1))
  redis.call('HSET', series, key, id)
  ids[key] = id
  return id
end
local function resolve(key)
  local id = ids[key]
  if id then return id end
  if id == nil then
    id = redis.call('HGET', series, key)
    if id then
      ids[key] = id
      return id
    end
  end
  if refused[key] then return false end
  if key == overflow then return create(key) end
  if count == nil then
    local present = redis.call('HMGET', series, '#next', overflow == '' and '#' or overflow)
    count = redis.call('HLEN', series) - 1
    if present[1] then count = count - 1 end
    if overflow ~= '' and present[2] then count = count - 1 end
  end
  if count < max_series then
    count = count + 1
    return create(key)
  end
  if overflow ~= '' then return resolve(overflow) end
  refused[key] = true
  return false
end

local rollups, expiries, fresh = {}, {}, {}
if ARGV[1] ~= '0' then
  rollups[#rollups + 1] = KEYS[3]
  expiries[#rollups] = ARGV[1]
end
if ARGV[2] ~= '0' then
  rollups[#rollups + 1] = KEYS[4]
  expiries[#rollups] = ARGV[2]
end

-- Adds delta (a string) to a field; true when that created the field.
local function increment(key, field, delta, integer)
  local result
  if integer then
    result = redis.pcall('HINCRBY', key, field, delta)
    if type(result) == 'table' then result = redis.call('HINCRBYFLOAT', key, field, delta) end
  else
    result = redis.call('HINCRBYFLOAT', key, field, delta)
  end
  return tonumber(result) == tonumber(delta)
end
local function add(field, delta)
  local integer = #delta < 16 and string.find(delta, '^%-?%d+$') ~= nil
  increment(values, field, delta, integer)
  for index = 1, #rollups do
    if increment(rollups[index], field, delta, integer) then fresh[index] = true end
  end
end
-- value is a string (as the caller sent it, or as Redis formatted a sum): Lua's tostring would round it.
local function gauge_rollups(id, value)
  local number = tonumber(value)
  for index = 1, #rollups do
    local bounds = redis.call('HMGET', rollups[index], id .. ':min', id .. ':max')
    local low, high = value, value
    if bounds[1] and tonumber(bounds[1]) < number then low = bounds[1] end
    if bounds[2] and tonumber(bounds[2]) > number then high = bounds[2] end
    if redis.call('HSET', rollups[index], id, value, id .. ':min', low, id .. ':max', high) > 0 then fresh[index] = true end
  end
end

local statuses = {1}
for index = 6, #ARGV, 4 do
  local id = resolve(ARGV[index])
  if id then
    local op, a, b = ARGV[index + 1], ARGV[index + 2], ARGV[index + 3]
    if op == 'i' then
      add(id, a)
    elseif op == 'g' then
      redis.call('HSET', values, id, a)
      gauge_rollups(id, a)
    elseif op == 'G' then
      gauge_rollups(id, redis.call('HINCRBYFLOAT', values, id, a))
    elseif op == 'o' then
      add(id .. ':' .. b, '1')
      add(id .. ':sum', a)
      add(id .. ':count', '1')
    elseif op == 'b' then
      add(id .. ':' .. a, b)
    elseif op == 't' then
      add(id .. ':sum', a)
      add(id .. ':count', b)
    end
    statuses[#statuses + 1] = 1
  else
    statuses[#statuses + 1] = 0
  end
end
for index = 1, #rollups do
  if fresh[index] then redis.call('PEXPIREAT', rollups[index], expiries[index]) end
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
  keys: 3,
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
 * Deletes every series, value and rollup of a metric, and its definition. ARGV: now (ms), minute
 * retention ms, hour retention ms. Rollup keys are found by time, not by scanning: one per bucket
 * the retention can still hold (plus one on each side for clock differences between instances).
 */
export const resetScript = defineScript({
  name: "metrics_reset",
  keys: 3,
  lua: `${METRIC_KEYS}
local now = tonumber(ARGV[1])
local doomed = {series, values}
local function rollups(tag, period, retention)
  if retention <= 0 then return end
  local newest = now - now % period + period
  for start = newest, newest - 2 * period - retention, -period do doomed[#doomed + 1] = base .. ':' .. tag .. ':' .. string.format('%d', start) end
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
  keys: 3,
  lua: `${METRIC_KEYS}
local id = redis.call('HGET', series, ARGV[1])
if not id then return {} end
local from, to, period, tag = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local fields = {}
for index = 6, #ARGV do fields[#fields + 1] = id .. ARGV[index] end
local reply = {}
for start = from - from % period, to - 1, period do
  local row = redis.call('HMGET', base .. ':' .. tag .. ':' .. string.format('%d', start), unpack(fields))
  local any = false
  for _, value in ipairs(row) do if value then any = true end end
  if any then
    reply[#reply + 1] = string.format('%d', start)
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
  keys: 3,
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
  keys: 3,
  lua: `${METRIC_KEYS}
local id = redis.call('HGET', series, ARGV[1])
if not id then return {} end
local fields = {}
for index = 2, #ARGV do fields[#fields + 1] = id .. ARGV[index] end
return redis.call('HMGET', values, unpack(fields))
`,
});
