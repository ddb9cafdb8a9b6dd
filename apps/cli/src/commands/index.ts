import { benchCommands } from "./bench.js";
import { cacheCommands } from "./cache.js";
import type { CommandGroup } from "./command-group.js";
import { completionCommands } from "./completion.js";
import { configCommands } from "./config.js";
import { dashboardCommands } from "./dashboard.js";
import { diagnosticsCommands } from "./diagnostics.js";
import { keyCommands } from "./keys.js";
import { metricsCommands } from "./metrics.js";
import { pubsubCommands } from "./pubsub.js";
import { queueCommands } from "./queue.js";
import { sessionCommands } from "./session.js";

/** Every command group, in the order `--help` lists them; adding a group is adding its file here. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  diagnosticsCommands,
  keyCommands,
  configCommands,
  queueCommands,
  cacheCommands,
  sessionCommands,
  metricsCommands,
  pubsubCommands,
  dashboardCommands,
  benchCommands,
  completionCommands,
];
