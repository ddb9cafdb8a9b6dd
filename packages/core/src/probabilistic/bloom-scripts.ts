import { defineScript } from "../scripts/redis-script.js";

/**
 * Records the filter's parameters unless some are stored, and returns what is stored
 * (implementation, capacity, error rate) so the caller can refuse a mismatch. A new bitmap is
 * allocated at full size once, so adds never grow the string; a new RedisBloom filter is reserved.
 * ARGV[1] = "1" first deletes the filter (clear).
 * KEYS: parameters, storage (bits or filter). ARGV: reset, implementation, capacity, errorRate, bits, hashes.
 */
export const openBloomScript = defineScript({
  name: "bloom_open",
  keys: 2,
  lua: `
if ARGV[1] == '1' then redis.call('UNLINK', KEYS[1], KEYS[2]) end
local stored = redis.call('HMGET', KEYS[1], 'implementation', 'capacity', 'errorRate')
if stored[1] then return stored end
if ARGV[2] == 'redisbloom' then
  local reply = redis.pcall('BF.RESERVE', KEYS[2], ARGV[4], ARGV[3])
  -- A filter reserved by someone else without our parameters hash is adopted as is.
  if type(reply) == 'table' and reply.err and not string.find(reply.err, 'exists') then return reply end
  redis.call('HSET', KEYS[1], 'implementation', ARGV[2], 'capacity', ARGV[3], 'errorRate', ARGV[4])
else
  redis.call('HSET', KEYS[1], 'implementation', ARGV[2], 'capacity', ARGV[3], 'errorRate', ARGV[4], 'bits', ARGV[5], 'hashes', ARGV[6], 'items', 0)
  redis.call('SETBIT', KEYS[2], tonumber(ARGV[5]) - 1, 0)
end
return {ARGV[2], ARGV[3], ARGV[4]}
`,
});

/**
 * Sets every item's bit positions (computed by the caller, \`hashes\` per item) and replies 1 per
 * item that set at least one new bit (surely new), 0 otherwise; counts the new items. Recreates
 * the parameters if the filter was deleted; replies {'mismatch', implementation, capacity,
 * errorRate} if another filter lives under the key.
 * KEYS: parameters, bits. ARGV: capacity, errorRate, bits, hashes, positions...
 */
export const addBitmapScript = defineScript({
  name: "bloom_bitmap_add",
  keys: 2,
  lua: `
local stored = redis.call('HMGET', KEYS[1], 'implementation', 'capacity', 'errorRate')
if not stored[1] then
  redis.call('HSET', KEYS[1], 'implementation', 'bitmap', 'capacity', ARGV[1], 'errorRate', ARGV[2], 'bits', ARGV[3], 'hashes', ARGV[4], 'items', 0)
elseif stored[1] ~= 'bitmap' or stored[2] ~= ARGV[1] or stored[3] ~= ARGV[2] then
  return {'mismatch', stored[1], stored[2], stored[3]}
end
local hashes = tonumber(ARGV[4])
local flags = {}
local added = 0
local position = 5
for item = 1, (#ARGV - 4) / hashes do
  local new = 0
  for _ = 1, hashes do
    if redis.call('SETBIT', KEYS[2], ARGV[position], 1) == 0 then new = 1 end
    position = position + 1
  end
  flags[item] = new
  added = added + new
end
if added > 0 then redis.call('HINCRBY', KEYS[1], 'items', added) end
return flags
`,
});

/**
 * Replies 1 per item whose bits are all set (probably present), 0 otherwise (surely absent); all
 * 0 when the filter does not exist; {'mismatch', ...} as for the add script.
 * KEYS: parameters, bits. ARGV: capacity, errorRate, bits, hashes, positions...
 */
export const checkBitmapScript = defineScript({
  name: "bloom_bitmap_check",
  keys: 2,
  lua: `
local stored = redis.call('HMGET', KEYS[1], 'implementation', 'capacity', 'errorRate')
if stored[1] and (stored[1] ~= 'bitmap' or stored[2] ~= ARGV[1] or stored[3] ~= ARGV[2]) then
  return {'mismatch', stored[1], stored[2], stored[3]}
end
local hashes = tonumber(ARGV[4])
local flags = {}
local position = 5
for item = 1, (#ARGV - 4) / hashes do
  local present = 0
  if stored[1] then
    present = 1
    for offset = 0, hashes - 1 do
      if redis.call('GETBIT', KEYS[2], ARGV[position + offset]) == 0 then
        present = 0
        break
      end
    end
  end
  flags[item] = present
  position = position + hashes
end
return flags
`,
});

/** Replies {items added, bytes of the bitmap}. KEYS: parameters, bits. */
export const infoBitmapScript = defineScript({
  name: "bloom_bitmap_info",
  keys: 2,
  lua: `return {tonumber(redis.call('HGET', KEYS[1], 'items') or '0'), redis.call('STRLEN', KEYS[2])}`,
});

// Bit positions from an item's two digest words, exactly as bloomPositions computes them: Lua
// numbers are doubles, and every value here stays an integer below 2^39, so % is exact.
const POSITIONS_FROM_DIGESTS = `
local function eachItem(skip, bits, visit)
  for item = 0, (#ARGV - skip) / 2 - 1 do
    local first = tonumber(ARGV[skip + 1 + item * 2]) % bits
    local step = tonumber(ARGV[skip + 2 + item * 2]) % bits
    if step == 0 then step = 1 end
    visit(item + 1, first, step)
  end
end
`;

/**
 * Adds items to a bitmap filter by their digests (see bloomDigest), reading the bitmap's size from
 * its stored parameters: one call whether or not the caller knew them. A missing filter is created
 * with the caller's sizing (bitmap allocated at full size, as the open script does); an existing
 * one keeps its own. Replies 1 per item that set a new bit, 0 otherwise, or {'implementation',
 * name} when the key holds a filter of another implementation.
 * KEYS: parameters, bits. ARGV: capacity, errorRate, bits, hashes, then two digest words per item.
 */
export const addDigestsScript = defineScript({
  name: "bloom_bitmap_add_digests",
  keys: 2,
  lua: `${POSITIONS_FROM_DIGESTS}
local stored = redis.call('HMGET', KEYS[1], 'implementation', 'bits', 'hashes')
if not stored[1] then
  redis.call('HSET', KEYS[1], 'implementation', 'bitmap', 'capacity', ARGV[1], 'errorRate', ARGV[2], 'bits', ARGV[3], 'hashes', ARGV[4], 'items', 0)
  redis.call('SETBIT', KEYS[2], tonumber(ARGV[3]) - 1, 0)
  stored = {'bitmap', ARGV[3], ARGV[4]}
elseif stored[1] ~= 'bitmap' then
  return {'implementation', stored[1]}
end
local bits, hashes = tonumber(stored[2]), tonumber(stored[3])
if not bits or not hashes then return redis.error_reply('ERR bloom filter parameters lack bits or hashes: delete its keys to start over') end
local flags = {}
local added = 0
eachItem(4, bits, function(index, first, step)
  local new = 0
  for i = 0, hashes - 1 do
    if redis.call('SETBIT', KEYS[2], (first + i * step) % bits, 1) == 0 then new = 1 end
  end
  flags[index] = new
  added = added + new
end)
if added > 0 then redis.call('HINCRBY', KEYS[1], 'items', added) end
return flags
`,
});

/**
 * Checks items against a bitmap filter by their digests, reading its size from the stored
 * parameters. Replies 1 per item whose bits are all set, 0 otherwise; {'missing'} when there is no
 * filter; {'implementation', name} for a filter of another implementation.
 * KEYS: parameters, bits. ARGV: two digest words per item.
 */
export const checkDigestsScript = defineScript({
  name: "bloom_bitmap_check_digests",
  keys: 2,
  lua: `${POSITIONS_FROM_DIGESTS}
local stored = redis.call('HMGET', KEYS[1], 'implementation', 'bits', 'hashes')
if not stored[1] then return {'missing'} end
if stored[1] ~= 'bitmap' then return {'implementation', stored[1]} end
local bits, hashes = tonumber(stored[2]), tonumber(stored[3])
if not bits or not hashes then return redis.error_reply('ERR bloom filter parameters lack bits or hashes: delete its keys to start over') end
local flags = {}
eachItem(0, bits, function(index, first, step)
  local present = 1
  for i = 0, hashes - 1 do
    if redis.call('GETBIT', KEYS[2], (first + i * step) % bits) == 0 then
      present = 0
      break
    end
  end
  flags[index] = present
end)
return flags
`,
});
