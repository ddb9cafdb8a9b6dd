import { Option } from "commander";
import { integerFrom } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** `dashboard`: a live page of Redis's health, keyspace and metrics in a browser. */
export const dashboardCommands: CommandGroup = (program, runtime) => {
  program
    .command("dashboard")
    .description("serve a live dashboard page: health findings, memory, ops/s, hit rate, keyspace and metrics charts")
    .option("--port <port>", "port to listen on (0 picks a free one)", integerFrom(0, 65_535), 9000)
    .option("--host <host>", "address to listen on; anything but loopback needs REDIS_MCP_DASHBOARD_TOKEN", "127.0.0.1")
    .option("--prefix <prefix>", "metrics key prefix to chart (as given to createMetrics)", "metrics")
    .addOption(new Option("--refresh-ms <ms>", "how often Redis is read while a page is open").argParser(integerFrom(250, 3_600_000)).default(2000))
    .option("--allowed-hosts <hosts>", "more Host names the page may be opened by, comma-separated (a reverse proxy, a LAN name)")
    .action(async (options: DashboardCommandOptions, command) => (await import("../actions/dashboard.js")).dashboard({ runtime, command }, options));
};

/** The flags of `redis-mcp dashboard`. */
export interface DashboardCommandOptions {
  port: number;
  host: string;
  prefix: string;
  refreshMs: number;
  allowedHosts?: string;
}
