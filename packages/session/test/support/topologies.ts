// The shared standalone + cluster topologies and key listing (tooling/test-redis).
export { allKeys, type Topology, topologies } from "@redis-mcp/test-redis/topologies";
