import { hostname } from "node:os";
import type { RedisMcpError } from "@redis-mcp/core";
import { assertVersion, describe } from "../channel-catalog.js";
import { type EnvelopeCodec, jsonCodec } from "../codec.js";
import { PubSubInvalidError } from "../errors.js";
import { isSchema, type Schema } from "../schema.js";
import type { DurableTopicOptions } from "./durable-types.js";
import { type TopicKeys, topicKeys } from "./topic-keys.js";

/** A topic's options, validated, with defaults applied. */
export interface TopicSettings {
  topic: string;
  keys: TopicKeys;
  group: string | undefined;
  consumer: string;
  visibilityTimeoutMs: number;
  maxAttempts: number;
  retryDelayMs: number;
  maxLength: number | undefined;
  maxAgeMs: number | undefined;
  deadLetter: { enabled: boolean; maxLength: number };
  startFrom: "earliest" | "latest";
  schema: Schema | undefined;
  version: number | undefined;
  codec: EnvelopeCodec;
  onError: (error: RedisMcpError) => void;
}

const DEFAULT_VISIBILITY_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_MS = 1_000;

/**
 * Validates an integer option.
 * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) when it is not an integer in range.
 */
export function integerOption(operation: string, name: string, value: unknown, fallback: number, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `of ${minimum} or more` : `from ${minimum} to ${maximum}`;
    throw new PubSubInvalidError(`${operation}: ${name} must be an integer ${range}, got ${describe(value)}.`);
  }
  return value;
}

function optionalName(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "")
    throw new PubSubInvalidError(`createDurableTopic: ${name} must be a non-empty string, got ${describe(value)}.`);
  return value;
}

function defaultOnError(error: RedisMcpError): void {
  console.error(`@redis-mcp/pubsub: ${error.message}`);
}

/**
 * Reads {@link DurableTopicOptions}.
 * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) for any bad option; nothing is sent.
 */
export function topicSettings(options: DurableTopicOptions): TopicSettings {
  const operation = "createDurableTopic";
  if (typeof options !== "object" || options === null) throw new PubSubInvalidError(`${operation}: options must be an object with at least { topic }.`);
  const keys = topicKeys(options.topic);
  if (options.maxLength !== undefined && options.maxAgeMs !== undefined) {
    throw new PubSubInvalidError(`${operation}: pass maxLength or maxAgeMs, not both (Redis trims a stream by one of them).`);
  }
  const { deadLetter = {}, startFrom = "earliest", schema, codec = jsonCodec, onError = defaultOnError } = options;
  if (deadLetter !== false && (typeof deadLetter !== "object" || deadLetter === null)) {
    throw new PubSubInvalidError(`${operation}: deadLetter must be { maxLength? } or false, got ${describe(deadLetter)}.`);
  }
  if (startFrom !== "earliest" && startFrom !== "latest")
    throw new PubSubInvalidError(`${operation}: startFrom must be "earliest" or "latest", got ${describe(startFrom)}.`);
  if (schema !== undefined && !isSchema(schema))
    throw new PubSubInvalidError(`${operation}: schema must be a zod 4, valibot or arktype schema (any Standard Schema).`);
  if (typeof codec?.encode !== "function" || typeof codec.decode !== "function" || typeof codec.name !== "string") {
    throw new PubSubInvalidError(`${operation}: codec must be { name, encode(envelope), decode(bytes) }.`);
  }
  if (typeof onError !== "function") throw new PubSubInvalidError(`${operation}: onError must be a function, got ${describe(onError)}.`);
  assertVersion(operation, options.version);
  return {
    topic: options.topic,
    keys,
    group: optionalName("group", options.group),
    consumer: optionalName("consumer", options.consumer) ?? `${hostname()}-${process.pid}`,
    visibilityTimeoutMs: integerOption(operation, "visibilityTimeoutMs", options.visibilityTimeoutMs, DEFAULT_VISIBILITY_TIMEOUT_MS, 10),
    maxAttempts: integerOption(operation, "maxAttempts", options.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1),
    retryDelayMs: integerOption(operation, "retryDelayMs", options.retryDelayMs, DEFAULT_RETRY_DELAY_MS, 0),
    maxLength: options.maxLength === undefined ? undefined : integerOption(operation, "maxLength", options.maxLength, 0, 1),
    maxAgeMs: options.maxAgeMs === undefined ? undefined : integerOption(operation, "maxAgeMs", options.maxAgeMs, 0, 1),
    deadLetter:
      deadLetter === false
        ? { enabled: false, maxLength: 0 }
        : { enabled: true, maxLength: integerOption(operation, "deadLetter.maxLength", deadLetter.maxLength, 0, 1) },
    startFrom,
    schema,
    version: options.version,
    codec,
    onError,
  };
}

/** `MAXLEN`/`MINID` and its threshold for a publish now, or `undefined` without trimming. */
export function trimOf(settings: TopicSettings, now = Date.now()): { kind: "MAXLEN" | "MINID"; threshold: string } | undefined {
  if (settings.maxLength !== undefined) return { kind: "MAXLEN", threshold: String(settings.maxLength) };
  if (settings.maxAgeMs !== undefined) return { kind: "MINID", threshold: String(Math.max(0, now - settings.maxAgeMs)) };
  return undefined;
}
