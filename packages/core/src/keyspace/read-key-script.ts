import { defineScript } from "../scripts/redis-script.js";

/**
 * TYPE, the cheap length and the first window in one round trip. ARGV: cursor ("" = start),
 * limit, maxBytes. Reply: {type} for a missing key or a type it cannot read; {type, -1} for a
 * cursor that does not fit the type; {"string", STRLEN, bytes}; otherwise {type, total, next
 * cursor or nil, items}.
 *
 * Item windows are fetched in growing steps, the first of one item, the next sized from the
 * average item so far, so the byte budget holds on the server too: a list of huge items is never
 * loaded `limit` at a time into script memory. A window always takes its first item, however
 * big, so paging always moves forward.
 */
export const readKeyScript = defineScript({
  name: "keyspace_read_key",
  keys: 1,
  lua: `
local key = KEYS[1]
local cursor = ARGV[1]
local limit = tonumber(ARGV[2])
local maxBytes = tonumber(ARGV[3])
local kind = redis.call('TYPE', key)['ok']
local known = { string = true, list = true, zset = true, hash = true, set = true, stream = true }
if not known[kind] then return {kind} end
if kind ~= 'stream' and cursor ~= '' and not string.match(cursor, '^%d+$') then return {kind, -1} end

local function nextStep(taken, used)
  local room = math.floor((maxBytes - used) / math.max(used / taken, 1))
  return math.max(1, math.min(limit - taken, room))
end

if kind == 'string' then
  local total = redis.call('STRLEN', key)
  local offset = tonumber(cursor) or 0
  local bytes = ''
  if offset < total then bytes = redis.call('GETRANGE', key, offset, offset + maxBytes - 1) end
  return {kind, total, bytes}
end

if kind == 'list' or kind == 'zset' then
  local total = redis.call(kind == 'list' and 'LLEN' or 'ZCARD', key)
  local width = kind == 'list' and 1 or 2
  local position = tonumber(cursor) or 0
  local items, taken, used, step, full = {}, 0, 0, 1, false
  while position < total and taken < limit and used < maxBytes and not full do
    local window
    if kind == 'list' then
      window = redis.call('LRANGE', key, position, position + step - 1)
    else
      window = redis.call('ZRANGE', key, position, position + step - 1, 'WITHSCORES')
    end
    if #window == 0 then break end
    for first = 1, #window, width do
      local size = 0
      for part = first, first + width - 1 do size = size + #window[part] end
      if taken > 0 and used + size > maxBytes then
        full = true
        break
      end
      for part = first, first + width - 1 do items[#items + 1] = window[part] end
      taken = taken + 1
      used = used + size
      position = position + 1
    end
    step = nextStep(taken, used)
  end
  if position >= total then return {kind, total, false, items} end
  return {kind, total, tostring(position), items}
end

if kind == 'hash' or kind == 'set' then
  local total = redis.call(kind == 'hash' and 'HLEN' or 'SCARD', key)
  local command = kind == 'hash' and 'HSCAN' or 'SSCAN'
  local width = kind == 'hash' and 2 or 1
  local scanCursor = cursor == '' and '0' or cursor
  local items, taken, used, step, calls = {}, 0, 0, 1, 0
  repeat
    local reply = redis.call(command, key, scanCursor, 'COUNT', step)
    local batch = reply[2]
    local size = 0
    for _, part in ipairs(batch) do size = size + #part end
    -- A reply cannot be split (its cursor resumes after all of it): one that does not fit the
    -- budget is left for the next window, which starts from the cursor before it.
    if taken > 0 and used + size > maxBytes then break end
    for _, part in ipairs(batch) do items[#items + 1] = part end
    taken = taken + #batch / width
    used = used + size
    scanCursor = reply[1]
    calls = calls + 1
    if taken > 0 then step = nextStep(taken, used) else step = math.min(limit, step * 4) end
  -- The call cap bounds the script's run time on a sparse table; the caller resumes from the cursor.
  until scanCursor == '0' or taken >= limit or used >= maxBytes or calls >= 100
  if scanCursor == '0' then return {kind, total, false, items} end
  return {kind, total, scanCursor, items}
end

local total = redis.call('XLEN', key)
local start = '-'
if cursor ~= '' then start = '(' .. cursor end
local items, taken, used, step = {}, 0, 0, 1
local full, ended = false, false
while taken < limit and not full do
  local window = redis.call('XRANGE', key, start, '+', 'COUNT', step)
  for _, entry in ipairs(window) do
    local size = #entry[1]
    for _, part in ipairs(entry[2]) do size = size + #part end
    if taken > 0 and used + size > maxBytes then
      full = true
      break
    end
    taken = taken + 1
    used = used + size
    items[taken] = entry
    start = '(' .. entry[1]
  end
  if not full and #window < step then
    ended = true
    break
  end
  if used >= maxBytes then break end
  step = nextStep(taken, used)
end
if not full and not ended then ended = #redis.call('XRANGE', key, start, '+', 'COUNT', 1) == 0 end
if ended or taken == 0 then return {kind, total, false, items} end
return {kind, total, items[taken][1], items}
`,
});
