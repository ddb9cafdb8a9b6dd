// Spins on the server for ARGV[1] microseconds of its own clock: slower than the default
// slowlog-log-slower-than (10 ms) without touching the shared servers' configuration.
export const BUSY_LUA = `
local started = redis.call('TIME')
local began = started[1] * 1000000 + started[2]
while true do
  local now = redis.call('TIME')
  if now[1] * 1000000 + now[2] - began >= tonumber(ARGV[1]) then return 1 end
end`;
