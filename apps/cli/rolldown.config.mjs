// The `redis-mcp` bin as one entry file plus one chunk per command group: this app and the
// workspace packages it uses (@redis-mcp/core) are bundled; npm dependencies stay imports.
// `--version` and `--help` load only the entry (commander and the flag tables), never ioredis or
// zod; a command loads its group's chunk and core when it runs. See the README, "Start-up".
// The library entry (dist/index.js) stays tsc's output, so importers share one @redis-mcp/core.
const bundled = (id) => id.startsWith(".") || id.startsWith("/") || id.startsWith("@redis-mcp/");

export default {
  input: "dist/bin.js",
  platform: "node",
  external: (id) => !bundled(id),
  output: { dir: "dist", entryFileNames: "redis-mcp.js", chunkFileNames: "redis-mcp-[name].js", format: "esm", sourcemap: true },
};
