import { defineScript } from "../scripts/redis-script.js";

// Every script gets one key, the bucket's base name (`<ns>:{<ns>:<b>}:`), and builds the names it
// touches from it: they share its hash tag, so a script never leaves the bucket's slot. Times come
// from the server's clock so that every process agrees on them; numbers are formatted with %.0f
// because Lua 5.1 prints 16-digit numbers in exponent notation.
const CLOCK = `
local base = KEYS[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local micros = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local function whole(number) return string.format('%.0f', number) end
`;

// Parses a stored entry (see entry-format.ts): fresh-until, expiry, written-at, and the tags.
const PARSE = `
local function parse(value)
  local fresh, expires, written, tag_bytes, at = string.match(value, '^(%d+):(%d+):(%d+):(%d+):()')
  local tags = ''
  if tag_bytes ~= '0' then tags = string.sub(value, at, at + tonumber(tag_bytes) - 1) end
  return tonumber(fresh), tonumber(expires), tonumber(written), tags
end
`;

/**
 * Reads entries of one bucket. ARGV: lock mode ('1': take the load lock of a missing or expired
 * entry), lock TTL (ms), lock token, then the keys. The reply starts with the server's time (ms),
 * then four slots per key: the stored entry (nil on a miss), ms until it goes stale (<= 0: stale,
 * served only in grace), ms until it is gone, and the lock state (0 none asked, 1 taken by this
 * call, 2 held by another caller). On a miss held by another caller the third slot is the lock's
 * remaining ms. An entry whose tag was invalidated after it was written is deleted and reported
 * as a miss.
 */
export const readScript = defineScript({
  name: "cache_read",
  keys: 1,
  lua: `${CLOCK}${PARSE}
local lock_mode = ARGV[1] == '1'
local reply = { now }
for index = 4, #ARGV do
  local key = ARGV[index]
  local entry_key = base .. 'e:' .. key
  local value = redis.call('GET', entry_key)
  local lock_state, remaining, fresh = 0, 0, 0
  if value then
    local fresh_until, expires, written, tags = parse(value)
    if not fresh_until then
      value = false
    else
      for tag in string.gmatch(tags, '[^\\n]+') do
        local invalidated = redis.call('GET', base .. 't:' .. tag)
        if invalidated and tonumber(invalidated) >= written then
          redis.call('DEL', entry_key)
          value = false
          break
        end
      end
      fresh = fresh_until - now
      remaining = expires - now
    end
  end
  if not value then fresh, remaining = 0, 0 end
  if lock_mode and fresh <= 0 then
    local lock_key = base .. 'l:' .. key
    if redis.call('SET', lock_key, ARGV[3], 'NX', 'PX', ARGV[2]) then
      lock_state = 1
    else
      lock_state = 2
      if not value then remaining = redis.call('PTTL', lock_key) end
    end
  end
  local size = #reply
  reply[size + 1] = value
  reply[size + 2] = fresh
  reply[size + 3] = remaining
  reply[size + 4] = lock_state
end
return reply
`,
});

/**
 * Writes entries of one bucket and announces them on the bus. ARGV: channel ('' for none),
 * message, then what the entries share: ttl ms, grace ms, tags joined by newlines, lock token
 * ('' for none; a lock is released only if the token still owns it); then key, value pairs.
 * Replies the server's time (ms).
 */
export const writeScript = defineScript({
  name: "cache_write",
  keys: 1,
  lua: `${CLOCK}
local ttl, grace, tags, token = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6]
local expires = now + ttl + grace
local header = whole(now + ttl) .. ':' .. whole(expires) .. ':' .. whole(micros) .. ':' .. #tags .. ':' .. tags
local lifetime = whole(ttl + grace)
for index = 7, #ARGV, 2 do
  local key = ARGV[index]
  redis.call('SET', base .. 'e:' .. key, header .. ARGV[index + 1], 'PX', lifetime)
  if token ~= '' then
    local lock_key = base .. 'l:' .. key
    if redis.call('GET', lock_key) == token then redis.call('DEL', lock_key) end
  end
end
if tags ~= '' and expires > tonumber(redis.call('GET', base .. 'h') or '0') then
  redis.call('SET', base .. 'h', whole(expires), 'PX', whole(expires - now))
end
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return now
`,
});

/** Deletes entries of one bucket and announces it. ARGV: channel ('' for none), message, keys. Replies how many existed. */
export const deleteScript = defineScript({
  name: "cache_delete",
  keys: 1,
  lua: `
local base = KEYS[1]
local deleted = 0
for index = 3, #ARGV do deleted = deleted + redis.call('DEL', base .. 'e:' .. ARGV[index]) end
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return deleted
`,
});

/**
 * Invalidates tags in one bucket: records the time for each tag, for as long as a tagged entry
 * of the bucket can live (nothing when none can). ARGV: channel ('' for none), message, tags.
 */
export const invalidateTagsScript = defineScript({
  name: "cache_invalidate_tags",
  keys: 1,
  lua: `${CLOCK}
local horizon = tonumber(redis.call('GET', base .. 'h') or '0')
if horizon > now then
  local stamp, lifetime = whole(micros), whole(horizon - now)
  for index = 3, #ARGV do redis.call('SET', base .. 't:' .. ARGV[index], stamp, 'PX', lifetime) end
end
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return 1
`,
});

/** Releases a load lock if the token still owns it, and wakes waiters. ARGV: channel, message, key, token. */
export const unlockScript = defineScript({
  name: "cache_unlock",
  keys: 1,
  lua: `
local lock_key = KEYS[1] .. 'l:' .. ARGV[3]
local released = 0
if redis.call('GET', lock_key) == ARGV[4] then released = redis.call('DEL', lock_key) end
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return released
`,
});
