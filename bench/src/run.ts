import { readdir } from "node:fs/promises";
import { formatResult } from "./harness.js";
import type { Suite } from "./suite.js";

/** Every file in suites/ exports `suite`; adding a benchmark is adding a file. */
async function loadSuites(): Promise<Suite[]> {
  const directory = new URL("./suites/", import.meta.url);
  const files = (await readdir(directory)).filter((file) => file.endsWith(".js")).sort();
  const suites: Suite[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, directory).href)) as { suite?: Suite };
    if (!module.suite) throw new Error(`bench/src/suites/${file.replace(/\.js$/, ".ts")} must export \`suite\``);
    suites.push(module.suite);
  }
  return suites;
}

const suites = await loadSuites();
const wanted = process.argv.slice(2);
if (wanted.includes("--help")) {
  process.stdout.write(`pnpm bench [suite ...]\n\nSuites:\n${suites.map((suite) => `  ${suite.name.padEnd(16)} ${suite.description}`).join("\n")}\n`);
} else {
  const unknown = wanted.filter((name) => !suites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown suite(s): ${unknown.join(", ")}. Known: ${suites.map((suite) => suite.name).join(", ")}\n`);
    process.exit(2);
  }
  process.stdout.write(`# redis-mcp benchmarks (node ${process.version}, ${new Date().toISOString()})\n\n`);
  for (const suite of suites.filter((candidate) => wanted.length === 0 || wanted.includes(candidate.name))) {
    for (const result of await suite.run()) process.stdout.write(`${formatResult(result)}\n\n`);
  }
}
