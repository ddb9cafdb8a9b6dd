#!/usr/bin/env node
import { exitQuietlyOnClosedPipe } from "./cli/closed-pipe.js";
import { VERSION } from "./version.js";

// First, so that even `--version | true` and `--help | head -1` end quietly when the reader goes.
exitQuietlyOnClosedPipe();
// `redis-mcp --version` answers before commander and the command tree are even loaded.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) process.stdout.write(`${VERSION}\n`);
else await (await import("./run.js")).run();
