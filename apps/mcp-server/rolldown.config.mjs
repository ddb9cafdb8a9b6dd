// The `redis-mcp-server` bin as one file: this app and the workspace packages it uses
// (@redis-mcp/core) are bundled; npm dependencies stay imports. Start-up to `initialized` was
// mostly Node resolving and loading some 140 small ESM files (see the README, "Start-up").
// The library entry (dist/index.js) stays tsc's output, so importers share one @redis-mcp/core.
const bundled = (id) => id.startsWith(".") || id.startsWith("/") || id.startsWith("@redis-mcp/");

export default {
  input: "dist/bin.js",
  platform: "node",
  external: (id) => !bundled(id),
  // The HTTP transport is a separate chunk, loaded only with --http.
  output: { dir: "dist", entryFileNames: "redis-mcp-server.js", chunkFileNames: "redis-mcp-server-[name].js", format: "esm", sourcemap: true },
};
