import { parseVersion, versionAtLeast } from "../capabilities/capabilities.js";
import type { RedisClient } from "../client/redis-client.js";
import { SECRET_MASK } from "../config/secret.js";
import { execOnNode, type NodeReplies } from "../diagnostics/node-pipeline.js";
import { isSecretParameter } from "../diagnostics/secrets.js";
import { InvalidArgumentError } from "../errors/errors.js";
import type { DesiredServerConfig } from "./desired-server-config.js";
import { type ConfigDifference, compareWith, desiredParameters, type NodeConfigReading, readServerConfig } from "./diff-server-config.js";

/** Options for {@link applyServerConfig}. */
export interface ApplyServerConfigOptions {
  /** Also run CONFIG REWRITE on every master, so the settings survive a restart (default false). */
  rewrite?: boolean;
}

/** What {@link applyServerConfig} did on one master. */
export interface NodeConfigApply {
  /** `host:port`. */
  node: string;
  /** The parameters that differed and were sent with CONFIG SET (secret values masked). */
  changed: ConfigDifference[];
  /** True when every CONFIG SET succeeded (also when nothing needed changing). */
  applied: boolean;
  /** Why CONFIG SET failed (secret values masked); the node then keeps its old values on Redis 7+. */
  error?: string;
  /** True after a successful CONFIG REWRITE, false when it failed, null when not asked. */
  rewritten: boolean | null;
  /** Why CONFIG REWRITE failed, e.g. a server started without a config file. */
  rewriteError?: string;
}

/** Replaces secret values that an error reply may quote (older servers echo the bad argument). */
function scrub(message: string, parameters: Record<string, string>): string {
  let scrubbed = message;
  for (const [name, value] of Object.entries(parameters)) {
    if (isSecretParameter(name) && value !== "") scrubbed = scrubbed.split(value).join(SECRET_MASK);
  }
  return scrubbed;
}

function errorsIn(replies: NodeReplies, from: number, to: number): string[] {
  return replies.slice(from, to).flatMap(([error]) => (error ? [error.message] : []));
}

async function applyOnNode(reading: NodeConfigReading, parameters: Record<string, string>, rewrite: boolean): Promise<NodeConfigApply> {
  const changed = compareWith(reading, parameters).parameters.filter((parameter) => parameter.changed);
  const pairs = changed.map(({ parameter }) => [parameter, parameters[parameter] as string] as const);
  // Redis 7 sets several parameters in one CONFIG SET, all or none; older servers take one per call.
  const atomic = versionAtLeast(parseVersion(reading.version), 7, 0);
  const commands = pairs.length === 0 ? 0 : atomic ? 1 : pairs.length;
  const replies =
    commands === 0
      ? []
      : await execOnNode(reading.node, "applyServerConfig", (pipeline) => {
          if (atomic) pipeline.call("CONFIG", "SET", ...pairs.flat());
          else for (const [name, value] of pairs) pipeline.call("CONFIG", "SET", name, value);
        });
  const failures = errorsIn(replies, 0, commands);
  const result: NodeConfigApply = { node: reading.node.address, changed, applied: failures.length === 0, rewritten: null };
  if (failures.length > 0) result.error = scrub(failures.join("; "), parameters);
  if (rewrite && result.applied) {
    const rewritten = await execOnNode(reading.node, "applyServerConfig: CONFIG REWRITE", (pipeline) => pipeline.call("CONFIG", "REWRITE"));
    const [rewriteFailure] = errorsIn(rewritten, 0, 1);
    result.rewritten = rewriteFailure === undefined;
    if (rewriteFailure !== undefined) result.rewriteError = scrub(rewriteFailure, parameters);
  }
  return result;
}

/**
 * Applies desired server settings with CONFIG SET on every master (a standalone server, or each
 * master of a cluster; replicas keep their own settings): only the parameters that differ are
 * sent, all in one CONFIG SET per node on Redis 7+ (all or nothing), one per parameter before.
 * With `rewrite`, CONFIG REWRITE then saves them to each node's config file. A node that refuses
 * is reported in its result (`applied: false`, `error`), not thrown, so the caller can say per node
 * what happened. Parameters no master knows are refused before anything is changed.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no parameters, a non-string value, or a parameter a server does not know; nothing is changed.
 * @throws RedisMcpError (`E_NO_PERMISSION`, `E_REDIS_UNAVAILABLE`, ...) when a node cannot be read.
 * @example
 * for (const node of await applyServerConfig(redis, parseServerConfig("maxmemory 2gb"), { rewrite: true }))
 *   console.log(node.node, node.applied ? "ok" : node.error);
 */
export async function applyServerConfig(
  client: RedisClient,
  desired: DesiredServerConfig | Record<string, string>,
  options: ApplyServerConfigOptions = {},
): Promise<NodeConfigApply[]> {
  const parameters = desiredParameters(desired, "applyServerConfig");
  const readings = await readServerConfig(client, Object.keys(parameters), "applyServerConfig");
  const unknown = [...new Set(readings.flatMap((reading) => Object.keys(parameters).filter((name) => !reading.current.has(name))))];
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `applyServerConfig: the server does not know ${unknown.join(", ")} (CONFIG GET returns nothing for ${unknown.length === 1 ? "it" : "them"}). Check the spelling against redis.conf, or remove ${unknown.length === 1 ? "it" : "them"}; nothing was changed.`,
    );
  }
  return Promise.all(readings.map((reading) => applyOnNode(reading, parameters, options.rewrite === true)));
}
