import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));

/** The chunks Node loads before `file` runs: it and everything it imports statically, transitively. */
function staticallyLoaded(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(DIST + file, "utf8");
  for (const [, imported] of code.matchAll(/^import [^;]*?from "\.\/([^"]+)";$/gm)) {
    if (imported !== undefined) staticallyLoaded(imported, seen);
  }
  return seen;
}

/** The npm packages bundled into these chunks, read from their source maps. */
function bundledPackages(chunks: Iterable<string>): Set<string> {
  const packages = new Set<string>();
  for (const chunk of chunks) {
    // rolldown's runtime helpers chunk has no map: it bundles no package.
    if (!existsSync(`${DIST}${chunk}.map`)) continue;
    const { sources } = JSON.parse(readFileSync(`${DIST}${chunk}.map`, "utf8")) as { sources: string[] };
    for (const source of sources) {
      const inside = source.split("node_modules/").at(-1);
      if (inside === undefined || inside === source) continue;
      const [scopeOrName = "", name = ""] = inside.split("/");
      packages.add(scopeOrName.startsWith("@") ? `${scopeOrName}/${name}` : scopeOrName);
    }
  }
  return packages;
}

// Start-up time is measured by `pnpm bench cli`; these pin the bundle's shape that keeps it low.
describe("what the bin loads before a command runs", () => {
  it("--version: the entry loads no library at all", () => {
    expect([...bundledPackages(staticallyLoaded("redis-mcp.js"))]).toEqual([]);
  });

  it("ping: ioredis, but not the table or progress-bar libraries of other commands", () => {
    const packages = bundledPackages(staticallyLoaded("redis-mcp-ping.js"));
    expect(packages).toContain("ioredis");
    for (const other of ["cli-table3", "cli-progress"]) expect(packages).not.toContain(other);
  });
});
