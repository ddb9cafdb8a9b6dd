import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** A file the page loads, read once and kept in memory. */
export interface DashboardAsset {
  body: Buffer;
  contentType: string;
}

/**
 * The files the page is made of, by the name the page asks for: the package's `assets/dashboard/`
 * and uPlot from the installed npm package (no CDN, works offline). Both are found through the
 * installed @redis-mcp/metrics, not this file's own place, so a bundled copy of this code (the
 * `redis-mcp` bin) finds them too.
 */
function assetFiles(): Record<string, { path: string; contentType: string }> {
  const manifest = createRequire(import.meta.url).resolve("@redis-mcp/metrics/package.json");
  const require = createRequire(manifest);
  const OWN_ASSETS = new URL("assets/dashboard/", pathToFileURL(manifest));
  return {
    "": { path: fileURLToPath(new URL("index.html", OWN_ASSETS)), contentType: "text/html; charset=utf-8" },
    "dashboard.js": { path: fileURLToPath(new URL("dashboard.js", OWN_ASSETS)), contentType: "text/javascript; charset=utf-8" },
    "dashboard.css": { path: fileURLToPath(new URL("dashboard.css", OWN_ASSETS)), contentType: "text/css; charset=utf-8" },
    "uplot.min.js": { path: require.resolve("uplot/dist/uPlot.iife.min.js"), contentType: "text/javascript; charset=utf-8" },
    "uplot.min.css": { path: require.resolve("uplot/dist/uPlot.min.css"), contentType: "text/css; charset=utf-8" },
  };
}

/** Names the handler serves as files ("" is the page itself). */
export const ASSET_NAMES: ReadonlySet<string> = new Set(["", "dashboard.js", "dashboard.css", "uplot.min.js", "uplot.min.css"]);

/** Loads every asset once; later calls share the first load. */
export function loadAssets(): () => Promise<Map<string, DashboardAsset>> {
  let loading: Promise<Map<string, DashboardAsset>> | undefined;
  return () => {
    loading ??= Promise.all(
      Object.entries(assetFiles()).map(async ([name, { path, contentType }]) => [name, { body: await readFile(path), contentType }] as const),
    ).then((entries) => new Map(entries));
    // A failed read (a damaged install) is retried on the next request.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}
