// The `redis-mcp` bin, bundled with everything it runs (the workspace packages and the npm
// dependencies: commander, ioredis, zod, the table and progress-bar libraries): an entry file plus
// chunks, so `--version` and `--help` load the entry (commander and the flag tables) only, and a
// command loads its group's chunk and the shared runtime when it runs. Bundling the npm
// dependencies too saves Node resolving and reading some 200 small files on every start: `ping`
// started about 40% sooner than with them left as imports (see the README, "Start-up").
// Chunks are left to rolldown: grouping all npm code into one chunk would pull ioredis and zod
// into `--version` along with commander.
// The library entry (dist/index.js) stays tsc's output, so importers share one @redis-mcp/core.
export default {
  input: "dist/bin.js",
  platform: "node",
  external: (id) => id.startsWith("node:"),
  output: {
    dir: "dist",
    entryFileNames: "redis-mcp.js",
    chunkFileNames: "redis-mcp-[name].js",
    format: "esm",
    sourcemap: true,
    legalComments: "inline",
  },
};
