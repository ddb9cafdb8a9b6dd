import { closeRedis, createRedis, type LoadRedisConfigOptions, loadRedisConfig, type RedisClient, type RedisConfigInput } from "@redis-mcp/core";
import type { AccessToken } from "../settings/mcp-server-settings.js";

/**
 * The Redis clients of this server: one for the server's own connection, and one per HTTP token
 * that names its own ACL user. Every client carries the key scope as an ioredis keyPrefix (after
 * any REDIS_KEY_PREFIX), so every key argument is confined to it by the client itself.
 */
export class RedisConnections {
  readonly #clients = new Map<string, Promise<RedisClient>>();

  constructor(
    readonly sources: LoadRedisConfigOptions,
    readonly scope: string,
  ) {}

  /** The effective configuration for a user (secrets stay masked when printed). */
  configFor(token?: AccessToken) {
    const base = loadRedisConfig(this.sources);
    const overrides: RedisConfigInput = { ...this.sources.options };
    const prefix = `${base.keyPrefix ?? ""}${this.scope}`;
    if (prefix) overrides.keyPrefix = prefix;
    if (token?.redisUsername) overrides.username = token.redisUsername;
    if (token?.redisPassword) overrides.password = token.redisPassword;
    return loadRedisConfig({ ...this.sources, options: overrides });
  }

  /**
   * The client for a token's own Redis credentials, or the server's own connection for tokens
   * without any; connects in the background. Cached per token id (the token's digest), never per
   * user name: two tokens naming the same ACL user with different passwords must not share an
   * authenticated connection.
   */
  clientFor(token?: AccessToken): Promise<RedisClient> {
    const key = token?.redisUsername || token?.redisPassword ? `token:${token.id}` : "";
    let client = this.#clients.get(key);
    if (!client) {
      // Not waiting for readiness: MCP initialize must answer at once even when Redis is down.
      client = createRedis(this.configFor(token), { waitUntilReady: false });
      this.#clients.set(key, client);
    }
    return client;
  }

  /** Closes every client; `fast` skips QUIT (stdin closed: exit at once). */
  async closeAll(options: { fast?: boolean } = {}): Promise<void> {
    const clients = await Promise.all(this.#clients.values());
    this.#clients.clear();
    if (options.fast) for (const client of clients) client.disconnect();
    else await Promise.all(clients.map((client) => closeRedis(client, { timeoutMs: 500 })));
  }
}
