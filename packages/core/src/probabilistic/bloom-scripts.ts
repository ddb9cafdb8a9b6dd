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

/** Replies {items added, bytes of the bitmap}. KEYS: parameters, bits. */
export const infoBitmapScript = defineScript({
  name: "bloom_bitmap_info",
  keys: 2,
  lua: `return {tonumber(redis.call('HGET', KEYS[1], 'items') or '0'), redis.call('STRLEN', KEYS[2])}`,
});

// Bit positions from an item's two digest words (see bloomDigest), exactly as bloomPositions
// computes them: Lua numbers are doubles, and every value here stays an integer below 2^39, so %
// is exact. Both scripts take a header before the digests (ARGV[1..5]): the mode, then the
// capacity, error rate, bits and hashes the caller would create the filter with.
//   strict: the caller holds a filter object opened with these parameters; another filter under
//           the key replies {'mismatch', implementation, capacity, errorRate}.
//   adopt:  the caller uses the filter by name; an existing bitmap filter is used with its own
//           size, a filter of another implementation replies {'implementation', name}.
const DIGEST_HEADER = `
local strict = ARGV[1] == 'strict'
local stored = redis.call('HMGET', KEYS[1], 'implementation', 'capacity', 'errorRate', 'bits', 'hashes')
local function refusal()
  if strict and (stored[1] ~= 'bitmap' or stored[2] ~= ARGV[2] or stored[3] ~= ARGV[3]) then
    return {'mismatch', stored[1], stored[2], stored[3]}
  end
  if stored[1] ~= 'bitmap' then return {'implementation', stored[1]} end
  return nil
end
local function eachItem(bits, visit)
  for item = 0, (#ARGV - 5) / 2 - 1 do
    local first = tonumber(ARGV[6 + item * 2]) % bits
    local step = tonumber(ARGV[7 + item * 2]) % bits
    if step == 0 then step = 1 end
    visit(item + 1, first, step)
  end
end
`;

const INCOMPLETE = "return redis.error_reply('ERR bloom filter parameters lack bits or hashes: delete its keys to start over')";

/**
 * Sets the bits of every item (two digest words each) and replies 1 per item that set a new bit,
 * 0 otherwise; counts the new items. A missing filter is created with the header's sizing (the
 * bitmap allocated at full size, as the open script does). Replies a refusal as described above.
 * KEYS: parameters, bits. ARGV: mode, capacity, errorRate, bits, hashes, digest words...
 */
export const addDigestsScript = defineScript({
  name: "bloom_bitmap_add_digests",
  keys: 2,
  lua: `${DIGEST_HEADER}
if not stored[1] then
  redis.call('HSET', KEYS[1], 'implementation', 'bitmap', 'capacity', ARGV[2], 'errorRate', ARGV[3], 'bits', ARGV[4], 'hashes', ARGV[5], 'items', 0)
  redis.call('SETBIT', KEYS[2], tonumber(ARGV[4]) - 1, 0)
  stored = {'bitmap', ARGV[2], ARGV[3], ARGV[4], ARGV[5]}
end
local refused = refusal()
if refused then return refused end
local bits, hashes = tonumber(stored[4]), tonumber(stored[5])
if not bits or not hashes then ${INCOMPLETE} end
local flags = {}
local added = 0
eachItem(bits, function(index, first, step)
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
 * Replies 1 per item (two digest words each) whose bits are all set (probably present), 0
 * otherwise; {'missing'} when there is no filter; a refusal as described above.
 * KEYS: parameters, bits. ARGV: mode, capacity, errorRate, bits, hashes, digest words...
 */
export const checkDigestsScript = defineScript({
  name: "bloom_bitmap_check_digests",
  keys: 2,
  lua: `${DIGEST_HEADER}
if not stored[1] then return {'missing'} end
local refused = refusal()
if refused then return refused end
local bits, hashes = tonumber(stored[4]), tonumber(stored[5])
if not bits or not hashes then ${INCOMPLETE} end
local flags = {}
eachItem(bits, function(index, first, step)
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
