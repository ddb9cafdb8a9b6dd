import { z } from "zod";
import { Secret } from "./secret.js";

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** true/false, also from environment strings ("true", "1", "yes", "no", ...). */
const booleanish = z.union([
  z.boolean(),
  z.string().transform((value, context) => {
    const normalized = value.trim().toLowerCase();
    if (TRUE.has(normalized)) return true;
    if (FALSE.has(normalized)) return false;
    context.addIssue({ code: "custom", message: "expected true or false" });
    return z.NEVER;
  }),
]);

const integer = (minimum: number, maximum = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(minimum).max(maximum);
const port = integer(1, 65535);
const secret = z.union([z.string(), z.instanceof(Secret)]);
const hostPort = z.union([z.string().min(1), z.object({ host: z.string().min(1), port }).strict()]);
/** "host:port,host:port" or a list of "host:port" / { host, port }. */
const nodeList = z.union([z.string().min(1), z.array(hostPort).min(1)]);

const tlsObject = z
  .object({
    enabled: booleanish.optional(),
    ca: z.string().min(1).optional(),
    caFile: z.string().min(1).optional(),
    cert: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    key: secret.optional(),
    keyFile: z.string().min(1).optional(),
    servername: z.string().min(1).optional(),
    rejectUnauthorized: booleanish.optional(),
  })
  .strict();

/**
 * Everything a Redis configuration may contain, from any source (options, flags, environment,
 * JSON file). Strings are accepted where the environment can only give strings.
 */
export const redisConfigInputSchema = z
  .object({
    url: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: port.optional(),
    path: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: secret.optional(),
    db: integer(0, 1_000_000).optional(),
    tls: z.union([booleanish, tlsObject]).optional(),
    cluster: z
      .object({
        enabled: booleanish.optional(),
        nodes: nodeList.optional(),
        scaleReads: z.enum(["master", "slave", "all"]).optional(),
        maxRedirections: integer(1, 1000).optional(),
        retryDelayOnFailoverMs: integer(0, 60_000).optional(),
        username: z.string().min(1).optional(),
        password: secret.optional(),
      })
      .strict()
      .optional(),
    sentinel: z
      .object({
        name: z.string().min(1).optional(),
        sentinels: nodeList.optional(),
        username: z.string().min(1).optional(),
        password: secret.optional(),
        tls: booleanish.optional(),
        role: z.enum(["master", "slave"]).optional(),
      })
      .strict()
      .optional(),
    connectTimeoutMs: integer(1, 600_000).optional(),
    commandTimeoutMs: integer(1, 3_600_000).optional(),
    clientName: z
      .string()
      .regex(/^[!-~]+$/)
      .optional(),
    keyPrefix: z.string().optional(),
    keepAliveMs: integer(0, 3_600_000).optional(),
    maxRetriesPerRequest: integer(0, 1000).optional(),
    retry: z
      .object({
        initialDelayMs: integer(1, 60_000).optional(),
        maxDelayMs: integer(1, 600_000).optional(),
        maxReconnectAttempts: integer(0, 1_000_000).optional(),
        reconnectOnReadonly: booleanish.optional(),
      })
      .strict()
      .optional(),
    offlineQueue: z.union([booleanish, z.object({ enabled: booleanish.optional(), maxLength: integer(1, 10_000_000).optional() }).strict()]).optional(),
    lazyConnect: booleanish.optional(),
    server: z
      .object({ performance: z.record(z.string(), z.unknown()).optional(), persistence: z.record(z.string(), z.unknown()).optional() })
      .strict()
      .optional(),
  })
  .strict();

/** What callers may pass as a configuration (any subset; sources are merged before validation). */
export type RedisConfigInput = z.input<typeof redisConfigInputSchema>;
/** The same after validation and coercion. */
export type ParsedRedisConfigInput = z.output<typeof redisConfigInputSchema>;
