import { Option } from "commander";
import { integerFrom, parseDuration } from "../cli/parse-values.js";
import type { CommandGroup } from "./command-group.js";

/** `pubsub publish|subscribe|channels`: the envelopes of @redis-mcp/pubsub. */
export const pubsubCommands: CommandGroup = (program, runtime) => {
  const load = () => import("../actions/pubsub.js");
  const pubsub = program
    .command("pubsub")
    .description("publish and receive @redis-mcp/pubsub messages (envelopes with id and timestamp), list active channels");
  const sharded = () => new Option("--sharded", "sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+), as the application's createPubSub({ sharded })");
  pubsub
    .command("publish")
    .description("publish a message in an envelope; prints how many subscribers received it")
    .argument("<channel>")
    .argument("<message>", "the payload: text, or JSON with --as json")
    .addOption(new Option("--as <kind>", "how to read <message>").choices(["text", "json"]).default("text"))
    .addOption(sharded())
    .action(async (channel: string, message: string, options: { as: "text" | "json"; sharded?: boolean }, command) =>
      (await load()).publish({ runtime, command }, channel, message, options),
    );
  pubsub
    .command("subscribe")
    .description("print messages as they arrive, until --count messages, --timeout or Ctrl-C (with --json: one document at the end)")
    .argument("<channels...>", "channel names, or glob patterns with --pattern")
    .option("--pattern", "the arguments are glob patterns (PSUBSCRIBE)")
    .option("--count <n>", "stop after this many messages", integerFrom(1))
    .option("--timeout <duration>", "stop after this long (exit 1 when --count was not reached)", parseDuration)
    .addOption(sharded().conflicts("pattern"))
    .action(async (channels: string[], options: { pattern?: boolean; count?: number; timeout?: number; sharded?: boolean }, command) =>
      (await load()).subscribe({ runtime, command }, channels, options),
    );
  pubsub
    .command("channels")
    .description("channels with at least one subscriber (every node of a cluster), with subscriber counts")
    .argument("[pattern]", "only channels matching this glob")
    .addOption(sharded())
    .action(async (pattern: string | undefined, options: { sharded?: boolean }, command) => (await load()).channels({ runtime, command }, pattern, options));
};
