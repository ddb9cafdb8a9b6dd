// The shared standalone + cluster topologies (tooling/test-redis).
export { type Topology, topologies } from "@redis-mcp/test-redis/topologies";
