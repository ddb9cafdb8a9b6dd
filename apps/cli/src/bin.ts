#!/usr/bin/env node
import { VERSION } from "./version.js";

// `redis-mcp --version` answers before commander and the command tree are even loaded.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) process.stdout.write(`${VERSION}\n`);
else await (await import("./run.js")).run();
