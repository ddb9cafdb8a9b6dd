import { createHash } from "node:crypto";

/** A Lua script sent by hand (EVALSHA, EVAL on NOSCRIPT) on a cluster node's own connection. */
export interface NodeScript {
  lua: string;
  sha: string;
}

function nodeScript(lua: string): NodeScript {
  return { lua, sha: createHash("sha1").update(lua).digest("hex") };
}

/**
 * Reads the keys named in ARGV (any slots this node serves) like MGET: nil for a missing key and
 * for a key of another type. Redis 7's `allow-cross-slot-keys` lets one call read keys of several
 * slots; a key this node does not serve (moved, or being migrated and not here) fails the call
 * instead of answering wrongly, and the caller sends those keys through the cluster client.
 * `no-writes` lets it run under maxmemory pressure.
 */
export const READ_KEYS_SCRIPT = nodeScript(`#!lua flags=no-writes,allow-cross-slot-keys
local values = {}
for index, key in ipairs(ARGV) do
  local value = redis.pcall('GET', key)
  if type(value) == 'table' and value.err then
    if string.sub(value.err, 1, 9) ~= 'WRONGTYPE' then return value end
    value = false
  end
  values[index] = value
end
return values`);

/**
 * Sets the key/value pairs in ARGV[2..] (any slots this node serves), each with PX ARGV[1] unless
 * it is empty. Stops at the first key the node does not serve; the caller then sends the whole
 * chunk through the cluster client (SET is idempotent).
 */
export const WRITE_KEYS_SCRIPT = nodeScript(`#!lua flags=allow-cross-slot-keys
local ttl = ARGV[1]
for index = 2, #ARGV, 2 do
  if ttl == '' then
    redis.call('SET', ARGV[index], ARGV[index + 1])
  else
    redis.call('SET', ARGV[index], ARGV[index + 1], 'PX', ttl)
  end
end
return (#ARGV - 1) / 2`);
