#!/usr/bin/env node
// Keeps the layers of DESIGN.md: imports go downward only. Run by `pnpm lint`.
//   apps/*      may import packages and core            (never another app)
//   packages/*  may import core only                     (never a sibling package, never an app)
//   core        imports no other workspace package
//   tooling/*   may import core                          (never a package or an app)
//   and no published code (src/ of apps and packages, tests aside) imports private tooling.
// A workspace import must also be declared in the importer's package.json, and a published
// package's package.json must carry its exports with the "@redis-mcp/source" condition stripped
// in publishConfig.exports (what npm users get).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const SOURCE_CONDITION = "@redis-mcp/source";
const CORE = "@redis-mcp/core";

function workspacePackages() {
  const packages = [];
  for (const group of ["apps", "packages", "tooling"]) {
    for (const name of readdirSync(join(root, group))) {
      const dir = join(root, group, name);
      const manifestPath = join(dir, "package.json");
      try {
        statSync(manifestPath);
      } catch {
        continue;
      }
      packages.push({ dir, layer: group, manifest: JSON.parse(readFileSync(manifestPath, "utf8")) });
    }
  }
  packages.push({ dir: join(root, "bench"), layer: "bench", manifest: JSON.parse(readFileSync(join(root, "bench/package.json"), "utf8")) });
  return packages;
}

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(c|m)?(t|j)sx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'](@redis-mcp\/[a-z0-9-]+)(?:\/[^"']*)?["']/g;

/** Why `from` (a workspace package) may not import `to`, or undefined when it may. */
function forbidden(from, to, file) {
  if (to.layer === "apps") return "nothing imports an app";
  if (from.layer === "packages" && to.layer === "packages" && to.manifest.name !== CORE) {
    if (from.manifest.name === CORE) return "core imports no other workspace package";
    return "packages never import a sibling package, only core";
  }
  const shipped = relative(from.dir, file).startsWith("src/") && !/\.test\.[cm]?[jt]s$/.test(file);
  if ((from.layer === "packages" || from.layer === "apps") && shipped && to.manifest.private) {
    return "published code never imports a private workspace package (tests may)";
  }
  if (from.layer === "tooling" && to.layer === "packages" && to.manifest.name !== CORE) return "tooling may import core, not the packages built on it";
  return undefined;
}

const packages = workspacePackages();
const byName = new Map(packages.map((workspacePackage) => [workspacePackage.manifest.name, workspacePackage]));
const problems = [];
for (const from of packages) {
  const declared = new Set(
    ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((field) => Object.keys(from.manifest[field] ?? {})),
  );
  for (const file of sourceFiles(from.dir)) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const name = match[1];
      const to = byName.get(name);
      if (!to || to === from) continue;
      const where = `${relative(root, file)}: imports ${name}`;
      const why = forbidden(from, to, file);
      if (why) problems.push(`${where}, but ${why}.`);
      else if (!declared.has(name)) problems.push(`${where}, which ${from.manifest.name}'s package.json does not declare.`);
    }
  }
  if (!from.manifest.private && from.manifest.exports) {
    const expected = JSON.parse(JSON.stringify(from.manifest.exports), (key, value) => (key === SOURCE_CONDITION ? undefined : value));
    const published = from.manifest.publishConfig?.exports;
    if (JSON.stringify(published) !== JSON.stringify(expected)) {
      problems.push(`${relative(root, from.dir)}/package.json: publishConfig.exports must equal exports without the "${SOURCE_CONDITION}" condition.`);
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`Layer check failed (see CONTRIBUTING.md, "Layout"):\n${problems.map((problem) => `  ${problem}`).join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`Layer check: ${packages.length} workspace packages, imports go downward only.\n`);
