import type { RedisClient } from "../client/redis-client.js";
import { SECRET_MASK } from "../config/secret.js";
import { type DiagnosticNode, diagnosticNodes, execOnNode, perNode, replyAt } from "../diagnostics/node-pipeline.js";
import { infoText, parseInfo } from "../diagnostics/parse-info.js";
import { replyText, replyTextRecord } from "../diagnostics/reply-values.js";
import { isSecretParameter } from "../diagnostics/secrets.js";
import { InvalidArgumentError } from "../errors/errors.js";
import { sameConfigValue } from "./config-values.js";
import type { DesiredServerConfig } from "./desired-server-config.js";

/** One desired parameter next to what a server has. Secret values (`requirepass`, ...) show as `********`. */
export interface ConfigDifference {
  parameter: string;
  /** CONFIG GET's value; null when the server does not know the parameter. */
  current: string | null;
  desired: string;
  /** False when the server already has the desired value. */
  changed: boolean;
}

/** The desired parameters against one master. */
export interface NodeConfigDiff {
  /** `host:port`. */
  node: string;
  /** Server version, e.g. `7.0.15`. */
  version: string;
  /** Every desired parameter, in the file's order; `changed` marks those CONFIG SET would change. */
  parameters: ConfigDifference[];
}

/** Raw (unmasked) values of one node, for comparing and applying. */
export interface NodeConfigReading {
  node: DiagnosticNode;
  version: string;
  current: Map<string, string>;
}

/** The parameters as a plain record, from a parsed file or from code. */
export function desiredParameters(desired: DesiredServerConfig | Record<string, string>, operation: string): Record<string, string> {
  const parameters = "parameters" in desired && typeof desired.parameters === "object" ? (desired.parameters as Record<string, string>) : desired;
  const names = Object.keys(parameters);
  if (names.length === 0) throw new InvalidArgumentError(`${operation}: no parameters given; nothing to compare.`);
  for (const [name, value] of Object.entries(parameters)) {
    if (typeof value !== "string") throw new InvalidArgumentError(`${operation}: the value of ${name} must be a string, got ${typeof value}.`);
  }
  return parameters as Record<string, string>;
}

/** CONFIG GET of each parameter (one per command, so servers before Redis 7 answer too) and INFO server, in one round trip. */
export async function readServerConfig(client: RedisClient, names: readonly string[], operation: string): Promise<NodeConfigReading[]> {
  return perNode(diagnosticNodes(client, operation), async (node) => {
    const replies = await execOnNode(node, operation, (pipeline) => {
      pipeline.info("server");
      for (const name of names) pipeline.call("CONFIG", "GET", name);
    });
    const version = infoText(parseInfo(replyText(replyAt(replies, 0, `${operation}: INFO`, node))), "server", "redis_version") ?? "unknown";
    const current = new Map<string, string>();
    names.forEach((name, index) => {
      // CONFIG GET takes a glob; keep only the exact name asked for.
      const value = replyTextRecord(replyAt(replies, index + 1, `${operation}: CONFIG GET ${name}`, node))[name];
      if (value !== undefined) current.set(name, value);
    });
    return { node, version, current };
  });
}

/** Masks a value of a secret parameter (an empty one stays empty, so "not set" shows). */
export function shown(parameter: string, value: string): string {
  return isSecretParameter(parameter) && value !== "" ? SECRET_MASK : value;
}

/** Compares the desired parameters with one node's values. */
export function compareWith(reading: NodeConfigReading, parameters: Record<string, string>): NodeConfigDiff {
  return {
    node: reading.node.address,
    version: reading.version,
    parameters: Object.entries(parameters).map(([parameter, desired]) => {
      const current = reading.current.get(parameter);
      return {
        parameter,
        current: current === undefined ? null : shown(parameter, current),
        desired: shown(parameter, desired),
        changed: current === undefined || !sameConfigValue(parameter, current, desired),
      };
    }),
  };
}

/**
 * Compares desired server settings (from {@link parseServerConfig} or a record of parameter →
 * value) with CONFIG GET on every master: one round trip per node, nodes in parallel. Values are
 * compared as Redis reads them back (`2gb` equals `2147483648`, `yes` equals `YES`); secret
 * parameters are compared but shown masked. Read-only.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for no parameters or a non-string value; nothing is sent.
 * @throws RedisMcpError (`E_NO_PERMISSION`, `E_UNSUPPORTED` where CONFIG is disabled, `E_REDIS_UNAVAILABLE`, ...) naming the node.
 * @example
 * for (const node of await diffServerConfig(redis, parseServerConfig("maxmemory 2gb")))
 *   console.log(node.node, node.parameters.filter((p) => p.changed));
 */
export async function diffServerConfig(client: RedisClient, desired: DesiredServerConfig | Record<string, string>): Promise<NodeConfigDiff[]> {
  const parameters = desiredParameters(desired, "diffServerConfig");
  const readings = await readServerConfig(client, Object.keys(parameters), "diffServerConfig");
  return readings.map((reading) => compareWith(reading, parameters));
}
