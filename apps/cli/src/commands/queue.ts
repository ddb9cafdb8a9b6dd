import { Option } from "commander";
import { integerFrom } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** `queue stats|peek|requeue-expired|dead-letters`: the reliable queues of @redis-mcp/core. */
export const queueCommands: CommandGroup = (program, runtime) => {
  const load = () => import("../actions/queue.js");
  const queue = program.command("queue").description("look into a reliable queue (keys queue:{<name>}:*) and return expired jobs");
  queue
    .command("stats")
    .description("jobs ready, in flight, delayed and dead-lettered")
    .argument("<name>", "queue name")
    .action(async (name: string, _options, command) => (await load()).stats({ runtime, command }, name));
  queue
    .command("peek")
    .description("look at jobs without taking them: next to deliver, soonest due or earliest deadline first")
    .argument("<name>", "queue name")
    .addOption(new Option("--state <state>", "which jobs").choices(["ready", "delayed", "in-flight"]).default("ready"))
    .option("--limit <n>", "jobs to show", integerFrom(1, 10_000), 10)
    .option("--offset <n>", "jobs to skip", integerFrom(0), 0)
    .action(async (name: string, options: { state: "ready" | "delayed" | "in-flight"; limit: number; offset: number }, command) =>
      (await load()).peek({ runtime, command }, name, options),
    );
  queue
    .command("requeue-expired")
    .description("return deliveries whose visibility timeout passed to the front of the queue now")
    .argument("<name>", "queue name")
    .option("--limit <n>", "most jobs to move", integerFrom(1, 10_000), 1000)
    .option("--max-attempts <n>", "the queue's maxAttempts: jobs with this many deliveries go to the dead letters instead", integerFrom(1), 3)
    .action(async (name: string, options: { limit: number; maxAttempts: number }, command) =>
      (await load()).requeueExpired({ runtime, command }, name, options),
    );
  queue
    .command("dead-letters")
    .description("jobs that used every attempt, oldest first")
    .argument("<name>", "queue name")
    .option("--limit <n>", "jobs to show", integerFrom(1, 10_000), 10)
    .option("--offset <n>", "jobs to skip", integerFrom(0), 0)
    .action(async (name: string, options: { limit: number; offset: number }, command) => (await load()).deadLetters({ runtime, command }, name, options));
};
