// @redis-mcp/core/local-server: what starting a local redis-server process needs (the MCP
// server's private Redis, the test tooling), outside the root surface because Redis users rarely do.
export { findExecutable } from "./find-executable.js";
export { freePort } from "./free-port.js";
