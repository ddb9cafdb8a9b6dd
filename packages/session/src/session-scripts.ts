import { defineScript } from "@redis-mcp/core";

// A session is one hash, `<prefix>{<storage id>}`, with these fields:
//   c  createdAt (ms)          a  lastAccessed (ms)      e  expiresAt (ms; the key's PEXPIREAT)
//   t  idle TTL (ms)           x  absolute deadline (ms, 0 = none)
//   u  user tag ('' = none)    b  the bound its user index entry holds (0 = no user): e <= b always
//   s  bytes of m and d:*      m  the encrypted base { id, userId, ip, userAgent, data } of create/set
//   n  content version (create, set and update raise it; compaction checks it)
//   d:<name>  an encrypted override per field update() changed since (empty plaintext: removed)
// A destroyed session leaves `<prefix>{<storage id>}:destroyed` (same slot) for one idle TTL, so a
// write still in flight when the user logged out cannot bring it back.
//
// A user's index, `<prefix>user:{<user tag>}`, is a sorted set of storage ids scored by a bound
// (ms) that the session's expiry never passes. Entries under the server's clock are dead and are
// pruned by every index script. A session's expiry is capped by its bound, and the bound is raised
// in the index before the session learns it: pruning can never drop a live session, so "log out
// everywhere" always finds every session. Touches and updates only raise existing entries (ZADD XX),
// so they cannot put back an entry that a destroy removed.

// Lua functions the scripts share. Each script carries only those it calls (and theirs): a script
// defines its functions on every call, so unused ones would cost server time on the hottest path.
const FUNCTIONS = {
  server_now: {
    needs: [],
    lua: `
local function server_now()
  local clock = redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end`,
  },
  each: {
    needs: [],
    lua: `
-- HSET/HDEL/ZREM with long argument lists in pieces: Lua's unpack stops near 8,000 values.
local function each(command, key, values, step)
  local total = 0
  for start = 1, #values, step do
    total = total + redis.call(command, key, unpack(values, start, math.min(start + step - 1, #values)))
  end
  return total
end`,
  },
  prune: {
    needs: [],
    lua: `
local function prune(index, now)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. now)
end`,
  },
  keep_alive: {
    needs: [],
    lua: `
-- The index lives as long as its longest-lived entry.
local function keep_alive(index)
  local top = redis.call('ZREVRANGE', index, 0, 0, 'WITHSCORES')
  if top[2] then redis.call('PEXPIREAT', index, top[2]) end
end`,
  },
  next_expiry: {
    needs: [],
    lua: `
-- The expiry of a session used at now: one idle period, capped by its deadline and its index
-- bound; renew = 1 when the bound should be raised (less than half an idle period of headroom).
local function next_expiry(now, ttl, deadline, bound, user)
  local expiry = now + ttl
  if deadline > 0 and expiry > deadline then expiry = deadline end
  local renew = 0
  if user ~= '' then
    if expiry + ttl / 2 > bound and (deadline == 0 or bound < deadline) then renew = 1 end
    if expiry > bound then expiry = bound end
  end
  return expiry, renew
end`,
  },
  index_add: {
    needs: ["server_now", "prune", "keep_alive"],
    lua: `
local function index_add(index, member, ttl)
  local now = server_now()
  prune(index, now)
  redis.call('ZADD', index, 'GT', now + 2 * ttl, member)
  keep_alive(index)
  return tonumber(redis.call('ZSCORE', index, member))
end`,
  },
  index_extend: {
    needs: ["server_now", "prune", "keep_alive"],
    lua: `
local function index_extend(index, member, ttl)
  local now = server_now()
  prune(index, now)
  if not redis.call('ZSCORE', index, member) then return 0 end
  redis.call('ZADD', index, 'XX', 'GT', now + 2 * ttl, member)
  keep_alive(index)
  return tonumber(redis.call('ZSCORE', index, member))
end`,
  },
  raise_bound: {
    needs: [],
    lua: `
local function raise_bound(key, user, bound)
  local current = redis.call('HMGET', key, 'u', 'b')
  if current[1] ~= user then return 0 end
  if bound > tonumber(current[2]) then redis.call('HSET', key, 'b', bound) end
  return 1
end`,
  },
  session_reply: {
    needs: [],
    lua: `
-- What a read replies: {now, expiresAt, renew, createdAt, user tag, ttl, version, base, then the
-- update overrides as name/value pairs}: only what the client needs, so it parses a short reply.
local function session_reply(flat, now, expiry, renew)
  local reply = {now, expiry, renew, 0, '', 0, '', ''}
  for index = 1, #flat, 2 do
    local name = flat[index]
    if name == 'm' then reply[8] = flat[index + 1]
    elseif name == 'c' then reply[4] = flat[index + 1]
    elseif name == 'u' then reply[5] = flat[index + 1]
    elseif name == 't' then reply[6] = flat[index + 1]
    elseif name == 'n' then reply[7] = flat[index + 1]
    elseif string.sub(name, 1, 2) == 'd:' then
      reply[#reply + 1] = name
      reply[#reply + 1] = flat[index + 1]
    end
  end
  return reply
end`,
  },
  mark_used: {
    needs: ["server_now", "next_expiry", "session_reply"],
    lua: `
-- An access: lastAccessed now and, with rolling expiry, a new expiry. Replies as get does.
local function mark_used(key, rolling)
  local stored = redis.call('HMGET', key, 't', 'x', 'b', 'u', 'e')
  local now = server_now()
  local expiry, renew = tonumber(stored[5]), 0
  if rolling == '1' then
    expiry, renew = next_expiry(now, tonumber(stored[1]), tonumber(stored[2]), tonumber(stored[3]), stored[4])
    redis.call('HSET', key, 'a', now, 'e', expiry)
    redis.call('PEXPIREAT', key, expiry)
  else
    redis.call('HSET', key, 'a', now)
  end
  return session_reply(redis.call('HGETALL', key), now, expiry, renew)
end`,
  },
  write_session: {
    needs: ["server_now"],
    lua: `
-- ARGV: mode ('create' | 'set'), user tag, ttl, lifetime (0 = none), the encrypted base, the index
-- bound or the storage id (per script).
-- Replies {status, previous user tag, now, expiry, createdAt}: 1 written, 2 destroyed (refused),
-- 3 exists (create only), 4 past its absolute deadline (removed).
local function write_session(key, tombstone, bound)
  local mode, user, ttl, lifetime = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
  local now = server_now()
  local previous = redis.call('HMGET', key, 'c', 'u', 'x', 'n')
  if previous[1] and mode == 'create' then return {3, ''} end
  local created = tonumber(previous[1]) or now
  local deadline = tonumber(previous[3]) or 0
  if not previous[1] and lifetime > 0 then deadline = now + lifetime end
  local expiry = now + ttl
  if deadline > 0 and expiry > deadline then expiry = deadline end
  if user ~= '' and expiry > bound then expiry = bound end
  redis.call('DEL', key)
  if expiry <= now then return {4, previous[2] or ''} end
  local version = (tonumber(previous[4]) or 0) + 1
  redis.call('HSET', key, 'c', created, 'a', now, 'e', expiry, 't', ttl, 'x', deadline, 'b', bound, 'u', user, 'm', ARGV[5], 's', #ARGV[5], 'n', version)
  redis.call('PEXPIREAT', key, expiry)
  return {1, previous[2] or '', now, expiry, created}
end`,
  },
} satisfies Record<string, { needs: string[]; lua: string }>;

type FunctionName = keyof typeof FUNCTIONS;

/** A script body: the functions it calls (with what they call, in definition order), then `main`. */
function lua(functions: FunctionName[], main: string): string {
  const included = new Set<FunctionName>();
  const include = (name: FunctionName) => {
    if (included.has(name)) return;
    for (const need of FUNCTIONS[name].needs as FunctionName[]) include(need);
    included.add(name);
  };
  for (const name of functions) include(name);
  return `${[...included].map((name) => FUNCTIONS[name].lua).join("")}\n${main.trim()}\n`;
}

/**
 * Reads a session and marks it used: lastAccessed, and with rolling the expiry (ARGV: rolling).
 * Replies false or as session_reply; reads the whole hash only when update overrides exist.
 */
export const getScript = defineScript({
  name: "session_get",
  keys: 1,
  lua: lua(
    ["server_now", "next_expiry"],
    `
local key = KEYS[1]
local stored = redis.call('HMGET', key, 'm', 'c', 'u', 't', 'n', 'e', 'x', 'b', 's')
local base = stored[1]
if not base then return false end
local reply = {0, 0, 0, stored[2], stored[3], stored[4], stored[5], base}
-- The stored size exceeds the base's exactly when update overrides sit on top: only then read them.
if tonumber(stored[9]) ~= #base then
  local flat = redis.call('HGETALL', key)
  for index = 1, #flat, 2 do
    if string.sub(flat[index], 1, 2) == 'd:' then
      reply[#reply + 1] = flat[index]
      reply[#reply + 1] = flat[index + 1]
    end
  end
end
local now = server_now()
local expiry, renew = tonumber(stored[6]), 0
if ARGV[1] == '1' then
  expiry, renew = next_expiry(now, tonumber(stored[4]), tonumber(stored[7]), tonumber(stored[8]), stored[3])
  redis.call('HSET', key, 'a', now, 'e', expiry)
  redis.call('PEXPIREAT', key, expiry)
else
  redis.call('HSET', key, 'a', now)
end
reply[1], reply[2], reply[3] = now, expiry, renew
return reply
`,
  ),
});

/** Extends a session (ARGV: ttl, 0 for its own). Replies false or {now, expiresAt, renew, user tag, ttl}. */
export const touchScript = defineScript({
  name: "session_touch",
  keys: 1,
  lua: lua(
    ["server_now", "next_expiry"],
    `
local key = KEYS[1]
local stored = redis.call('HMGET', key, 't', 'x', 'b', 'u')
if not stored[1] then return false end
local now = server_now()
local ttl = tonumber(ARGV[1])
if ttl <= 0 then ttl = tonumber(stored[1]) end
local expiry, renew = next_expiry(now, ttl, tonumber(stored[2]), tonumber(stored[3]), stored[4])
redis.call('HSET', key, 'a', now, 'e', expiry, 't', ttl)
redis.call('PEXPIREAT', key, expiry)
return {now, expiry, renew, stored[4], ttl}
`,
  ),
});

/**
 * Merges a patch atomically: ARGV rolling, maxBytes, then field/value pairs (new values, or removal
 * markers). Replies false (no session), {-1, size} (too large, nothing changed) or as session_reply.
 */
export const updateScript = defineScript({
  name: "session_update",
  keys: 1,
  lua: lua(
    ["each", "mark_used"],
    `
local key = KEYS[1]
local stored = redis.call('HMGET', key, 's', 'n')
if not stored[1] then return false end
local size = tonumber(stored[1])
local sets = {}
for index = 3, #ARGV, 2 do
  size = size + #ARGV[index + 1] - redis.call('HSTRLEN', key, ARGV[index])
  sets[#sets + 1] = ARGV[index]
  sets[#sets + 1] = ARGV[index + 1]
end
if size > tonumber(ARGV[2]) then return {-1, size} end
if #sets > 0 then each('HSET', key, sets, 1000) end
redis.call('HSET', key, 's', size)
redis.call('HINCRBY', key, 'n', 1)
return mark_used(key, ARGV[1])
`,
  ),
});

/**
 * Folds the overrides into a new base when nothing changed since it was read: ARGV the version
 * read, the new base, 'mark' to also count as an access (an update that needed the room), rolling.
 * Replies false (changed or gone), {0} (folded) or, with 'mark', as session_reply.
 */
export const compactScript = defineScript({
  name: "session_compact",
  keys: 1,
  lua: lua(
    ["each", "mark_used"],
    `
local key = KEYS[1]
if redis.call('HGET', key, 'n') ~= ARGV[1] then return false end
local overrides = {}
for _, name in ipairs(redis.call('HKEYS', key)) do
  if string.sub(name, 1, 2) == 'd:' then overrides[#overrides + 1] = name end
end
if #overrides > 0 then each('HDEL', key, overrides, 1000) end
redis.call('HSET', key, 'm', ARGV[2], 's', #ARGV[2])
if ARGV[3] ~= 'mark' then return {0} end
redis.call('HINCRBY', key, 'n', 1)
return mark_used(key, ARGV[4])
`,
  ),
});

/** Writes a whole session (see write_session) when it has no user: KEYS session, tombstone. */
export const writeScript = defineScript({
  name: "session_write",
  keys: 2,
  lua: lua(
    ["write_session"],
    `
if redis.call('EXISTS', KEYS[2]) == 1 then return {2, ''} end
return write_session(KEYS[1], KEYS[2], 0)
`,
  ),
});

/**
 * Writes a whole session with a user, after the index step (cluster: the index is in another
 * slot): KEYS session, tombstone; ARGV as write_session, the sixth being the bound index_add returned.
 */
export const writeBoundScript = defineScript({
  name: "session_write_bound",
  keys: 2,
  lua: lua(
    ["write_session"],
    `
if redis.call('EXISTS', KEYS[2]) == 1 then return {2, ''} end
return write_session(KEYS[1], KEYS[2], tonumber(ARGV[6]))
`,
  ),
});

/**
 * Adds to the index and writes the session in one atomic call, where both keys are on one server:
 * KEYS session, tombstone, index; ARGV as write_session, the sixth being the storage id.
 */
export const writeIndexedScript = defineScript({
  name: "session_write_indexed",
  keys: 3,
  lua: lua(
    ["index_add", "write_session"],
    `
if redis.call('EXISTS', KEYS[2]) == 1 then return {2, ''} end
local bound = index_add(KEYS[3], ARGV[6], tonumber(ARGV[3]))
return write_session(KEYS[1], KEYS[2], bound)
`,
  ),
});

/** Adds a session to its user's index (ARGV: storage id, ttl); replies the bound it holds. */
export const indexAddScript = defineScript({
  name: "session_index_add",
  keys: 1,
  lua: lua(
    ["index_add"],
    `
return index_add(KEYS[1], ARGV[1], tonumber(ARGV[2]))
`,
  ),
});

/** Raises an existing index entry (ARGV: storage id, ttl); replies the bound, or 0 when the entry is gone. */
export const indexExtendScript = defineScript({
  name: "session_index_extend",
  keys: 1,
  lua: lua(
    ["index_extend"],
    `
return index_extend(KEYS[1], ARGV[1], tonumber(ARGV[2]))
`,
  ),
});

/** Tells a session its raised bound (ARGV: user tag, bound); replies 1, or 0 when it is gone or changed user. */
export const raiseBoundScript = defineScript({
  name: "session_raise_bound",
  keys: 1,
  lua: lua(
    ["raise_bound"],
    `
return raise_bound(KEYS[1], ARGV[1], tonumber(ARGV[2]))
`,
  ),
});

/** Both steps of a bound raise at once, where both keys are on one server: KEYS session, index; ARGV user tag, storage id, ttl. */
export const extendIndexedScript = defineScript({
  name: "session_extend_indexed",
  keys: 2,
  lua: lua(
    ["index_extend", "raise_bound"],
    `
local bound = index_extend(KEYS[2], ARGV[2], tonumber(ARGV[3]))
if bound == 0 then return 0 end
return raise_bound(KEYS[1], ARGV[1], bound)
`,
  ),
});

/**
 * Destroys a session and leaves its tombstone for one idle TTL: KEYS session, tombstone; ARGV the
 * user tag it must have ('*' for any). Replies its user tag ('' for none), or false when there was
 * no such session.
 */
export const destroyScript = defineScript({
  name: "session_destroy",
  keys: 2,
  lua: `
local stored = redis.call('HMGET', KEYS[1], 'u', 't')
if not stored[2] then return false end
if ARGV[1] ~= '*' and stored[1] ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', stored[2])
return stored[1]
`,
});

/** Removes storage ids from an index (ARGV); replies how many were there. */
export const indexRemoveScript = defineScript({
  name: "session_index_remove",
  keys: 1,
  lua: lua(
    ["server_now", "each", "prune"],
    `
local removed = each('ZREM', KEYS[1], ARGV, 1000)
prune(KEYS[1], server_now())
return removed
`,
  ),
});

/** Prunes an index and replies up to ARGV[1] live storage ids, latest bound first. */
export const indexReadScript = defineScript({
  name: "session_index_read",
  keys: 1,
  lua: lua(
    ["server_now", "prune"],
    `
prune(KEYS[1], server_now())
return redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
`,
  ),
});

/**
 * Re-encrypts fields with the primary key when they still hold what was read (ARGV: field, read
 * value, new value triples); replies how many were replaced.
 */
export const rewrapScript = defineScript({
  name: "session_rewrap",
  keys: 1,
  lua: `
local key = KEYS[1]
local size = tonumber(redis.call('HGET', key, 's'))
if not size then return 0 end
local replaced = 0
for index = 1, #ARGV, 3 do
  if redis.call('HGET', key, ARGV[index]) == ARGV[index + 1] then
    redis.call('HSET', key, ARGV[index], ARGV[index + 2])
    size = size + #ARGV[index + 2] - #ARGV[index + 1]
    replaced = replaced + 1
  end
end
redis.call('HSET', key, 's', size)
return replaced
`,
});
