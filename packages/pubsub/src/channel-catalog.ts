import { PubSubInvalidError, UnknownChannelError } from "./errors.js";
import { isSchema, type Schema } from "./schema.js";

/** A typed channel: its schema, or the schema with a version stamped on every envelope (`v`). */
export type ChannelDefinition = Schema | { readonly schema: Schema; readonly version?: number };

/** Typed channels by name. */
export type ChannelDefinitions = Readonly<Record<string, ChannelDefinition>>;

/** What publishing to or receiving from one channel needs: its schema and version, if any. */
export interface ResolvedChannel {
  schema: Schema | undefined;
  version: number | undefined;
}

const UNTYPED: ResolvedChannel = Object.freeze({ schema: undefined, version: undefined });

/** Throws unless `name` is a non-empty string (a channel, pattern or topic name). */
export function assertName(operation: string, kind: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || name === "") {
    throw new PubSubInvalidError(`${operation}: ${kind} must be a non-empty string, got ${describe(name)}.`);
  }
}

/** Throws unless `version` is a non-negative integer (or undefined). */
export function assertVersion(operation: string, version: unknown): asserts version is number | undefined {
  if (version !== undefined && (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0)) {
    throw new PubSubInvalidError(`${operation}: version must be a non-negative integer, got ${describe(version)}.`);
  }
}

/** A short, secret-free description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return value === "" ? "an empty string" : JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

/** Channels and patterns of one call: a name or a non-empty list of names, without duplicates. */
export function namesOf(operation: string, kind: "channel" | "pattern", input: unknown): string[] {
  const list = Array.isArray(input) ? (input as unknown[]) : [input];
  if (list.length === 0) throw new PubSubInvalidError(`${operation}: pass at least one ${kind}.`);
  for (const name of list) assertName(operation, kind, name);
  return [...new Set(list as string[])];
}

/**
 * The typed channels of a pub/sub instance. Untyped (no definitions): every channel is allowed and
 * payloads are not validated. Typed: only the defined channels exist; others are
 * `E_PUBSUB_UNKNOWN_CHANNEL` when publishing or subscribing, and invalid when received.
 */
export class ChannelCatalog {
  readonly typed: boolean;
  readonly #channels = new Map<string, ResolvedChannel>();

  constructor(definitions: ChannelDefinitions | undefined) {
    this.typed = definitions !== undefined;
    if (definitions === undefined) return;
    if (typeof definitions !== "object" || definitions === null || Array.isArray(definitions)) {
      throw new PubSubInvalidError(`createPubSub: channels must map channel names to schemas, got ${describe(definitions)}.`);
    }
    for (const [name, definition] of Object.entries(definitions)) {
      assertName("createPubSub", "every channel name", name);
      if (isSchema(definition)) {
        this.#channels.set(name, { schema: definition, version: undefined });
        continue;
      }
      const { schema, version } = (definition ?? {}) as { schema?: unknown; version?: unknown };
      if (!isSchema(schema)) {
        throw new PubSubInvalidError(
          `createPubSub: channel ${JSON.stringify(name)} needs a schema (zod 4, valibot, arktype or any Standard Schema), or { schema, version }.`,
        );
      }
      assertVersion(`createPubSub: channel ${JSON.stringify(name)}`, version);
      this.#channels.set(name, { schema, version });
    }
  }

  /**
   * The definition of a channel to publish to or subscribe to.
   * @throws UnknownChannelError (`E_PUBSUB_UNKNOWN_CHANNEL`) for a channel the typed instance does not define.
   */
  resolve(operation: string, channel: string): ResolvedChannel {
    if (!this.typed) return UNTYPED;
    const found = this.#channels.get(channel);
    if (!found) {
      throw new UnknownChannelError(
        `${operation}: ${JSON.stringify(channel)} is not a typed channel of this instance. Known channels: ${this.names().join(", ")}.`,
      );
    }
    return found;
  }

  /** The definition of a channel a message arrived on; `undefined` when a typed instance does not define it. */
  lookup(channel: string): ResolvedChannel | undefined {
    return this.typed ? this.#channels.get(channel) : UNTYPED;
  }

  /** The typed channel names. */
  names(): string[] {
    return [...this.#channels.keys()];
  }
}
