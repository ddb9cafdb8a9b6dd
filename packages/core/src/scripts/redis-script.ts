import { createHash } from "node:crypto";
import type { ChainableCommander } from "ioredis";
import type { RedisClient } from "../client/redis-client.js";
import { assertSameSlot } from "../cluster/slots.js";
import { toRedisMcpError } from "../errors/map-redis-error.js";

/** What a script is: its Lua body and how many leading arguments are keys. */
export interface ScriptDefinition {
  /** Short name for errors and the command name, e.g. `queue_dequeue`. */
  name: string;
  /** Number of KEYS; the rest of the arguments are ARGV. */
  keys: number;
  /** The Lua source. */
  lua: string;
}

/** An argument ioredis can send. */
export type ScriptArgument = string | number | Buffer;

type ScriptCommand = (...args: ScriptArgument[]) => Promise<unknown>;

/**
 * A Lua script run through ioredis `defineCommand`: EVALSHA first, EVAL (which loads it) on
 * NOSCRIPT, on whichever node owns the keys' slot. Keys are checked for a common slot before
 * anything is sent on a cluster, and ioredis applies the client's key prefix to them.
 * @example
 * const incrementBy = defineScript({ name: "incr_by", keys: 1, lua: "return redis.call('INCRBY', KEYS[1], ARGV[1])" });
 * await incrementBy.run(redis, ["counter"], [5]);
 */
export class RedisScript {
  /** Command name registered on clients: unique per name and body, so edits never collide. */
  readonly commandName: string;
  /** SHA1 of the body, as EVALSHA uses it. */
  readonly sha: string;

  constructor(readonly definition: ScriptDefinition) {
    this.sha = createHash("sha1").update(definition.lua).digest("hex");
    this.commandName = `redisMcp_${definition.name}_${this.sha.slice(0, 10)}`;
    this.#bufferCommandName = `${this.commandName}Buffer`;
  }

  readonly #bufferCommandName: string;

  #commandOn(target: RedisClient | ChainableCommander, bufferReply = false): ScriptCommand {
    const name = bufferReply ? this.#bufferCommandName : this.commandName;
    return (target as unknown as Record<string, ScriptCommand>)[name] as ScriptCommand;
  }

  /**
   * Registers the script on a client. `run` does this itself; call it before `client.pipeline()`
   * when you will {@link queue} the script, because a pipeline only knows scripts defined before
   * it was created.
   */
  prepare(client: RedisClient): void {
    if (typeof (client as unknown as Record<string, unknown>)[this.commandName] !== "function") {
      client.defineCommand(this.commandName, { numberOfKeys: this.definition.keys, lua: this.definition.lua });
    }
  }

  #checkKeys(client: RedisClient, keys: readonly string[]): void {
    if (keys.length !== this.definition.keys) {
      throw new TypeError(`script ${this.definition.name} takes ${this.definition.keys} keys, got ${keys.length}`);
    }
    assertSameSlot(client, keys, `script ${this.definition.name}`);
  }

  /**
   * Runs the script: one round trip. `operation` starts the message of an error Redis replies
   * with (default `script <name>`): a helper built on a script names itself and its key instead.
   * @throws CrossSlotError (`E_CROSSSLOT`) when the keys span slots on a cluster; other
   *   RedisMcpErrors when Redis fails.
   */
  async run(client: RedisClient, keys: readonly string[], args: readonly ScriptArgument[] = [], operation?: string): Promise<unknown> {
    this.#checkKeys(client, keys);
    this.prepare(client);
    try {
      return await this.#commandOn(client).call(client, ...keys, ...args);
    } catch (error) {
      throw toRedisMcpError(error, operation ?? `script ${this.definition.name}`);
    }
  }

  /** Like {@link run}, with bulk replies as Buffers (binary-safe). */
  async runBuffer(client: RedisClient, keys: readonly string[], args: readonly ScriptArgument[] = [], operation?: string): Promise<unknown> {
    this.#checkKeys(client, keys);
    this.prepare(client);
    try {
      return await this.#commandOn(client, true).call(client, ...keys, ...args);
    } catch (error) {
      throw toRedisMcpError(error, operation ?? `script ${this.definition.name}`);
    }
  }

  /**
   * Adds a call to a pipeline of `client`. The script must have been {@link prepare}d on the
   * client before the pipeline was created. With `bufferReply`, its bulk replies are Buffers.
   */
  queue(client: RedisClient, pipeline: ChainableCommander, keys: readonly string[], args: readonly ScriptArgument[] = []): ChainableCommander {
    return this.#queueOn(client, pipeline, keys, args, false);
  }

  /** Like {@link queue}, with bulk replies as Buffers (binary-safe). */
  queueBuffer(client: RedisClient, pipeline: ChainableCommander, keys: readonly string[], args: readonly ScriptArgument[] = []): ChainableCommander {
    return this.#queueOn(client, pipeline, keys, args, true);
  }

  #queueOn(
    client: RedisClient,
    pipeline: ChainableCommander,
    keys: readonly string[],
    args: readonly ScriptArgument[],
    bufferReply: boolean,
  ): ChainableCommander {
    this.#checkKeys(client, keys);
    const command = this.#commandOn(pipeline, bufferReply);
    if (typeof command !== "function") {
      throw new TypeError(`script ${this.definition.name}: call script.prepare(client) before client.pipeline(); the pipeline was created without it`);
    }
    command.call(pipeline, ...keys, ...args);
    return pipeline;
  }
}

/** Defines a {@link RedisScript}; define scripts once at module level and reuse them. */
export function defineScript(definition: ScriptDefinition): RedisScript {
  return new RedisScript(definition);
}
