import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { type KeyChangeWatcher, keyspaceNotificationStatus, watchKeyChanges } from "@redis-mcp/core";
import type { McpSessionContext } from "../tools/mcp-session-context.js";

/** `redis://key/{key}` and `redis://key/{key}/field/{field}`: the key a subscription is about. */
const KEY_URI = /^redis:\/\/key\/([^/]+)(?:\/field\/[^/]+)?$/;

function keyOf(uri: string): string {
  const match = KEY_URI.exec(uri);
  if (!match?.[1]) {
    throw new McpError(ErrorCode.InvalidParams, `Only key resources can be subscribed to (redis://key/{key} or redis://key/{key}/field/{field}), not ${uri}.`);
  }
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** What to tell an agent whose Redis publishes no keyspace notifications. */
export const NOTIFICATIONS_OFF =
  'Keyspace notifications are off on this Redis (notify-keyspace-events is empty), so key changes cannot be announced. An admin-tier session enables them with config_set {"notify-keyspace-events": "KA"} (or CONFIG SET notify-keyspace-events KA); then subscribe again.';

/** The code in the message (and the error's data) of a subscribe past the session's limit. */
export const SUBSCRIPTION_LIMIT_CODE = "E_SUBSCRIPTION_LIMIT";

/**
 * `resources/subscribe` on key resources: each subscribed key is watched through keyspace
 * notifications (inside the session's key scope: the watcher applies the client's prefix), and
 * every change sends `notifications/resources/updated` for the subscribed URIs. Subscribing while
 * notifications are off is an error that says how to turn them on. A session holds at most
 * `maxSubscriptions` URIs (each key is a SUBSCRIBE on every master); one more is refused with
 * E_SUBSCRIPTION_LIMIT before anything is sent. The watcher's connections close with the session.
 */
export function registerKeySubscriptions(server: McpServer, session: McpSessionContext): void {
  server.server.registerCapabilities({ resources: { subscribe: true } });
  const urisByKey = new Map<string, Set<string>>();
  let watcher: Promise<KeyChangeWatcher> | undefined;
  const notify = (key: string) => {
    for (const uri of urisByKey.get(key) ?? []) void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
  };
  const subscribedUris = () => {
    let count = 0;
    for (const uris of urisByKey.values()) count += uris.size;
    return count;
  };
  const startWatcher = () => {
    watcher ??= watchKeyChanges(session.redis, notify);
    watcher.catch(() => {
      watcher = undefined;
    });
    return watcher;
  };

  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    const key = keyOf(uri);
    // Subscribing again to a URI already held changes nothing, and is never refused.
    if (urisByKey.get(key)?.has(uri)) return {};
    const held = subscribedUris();
    if (held >= session.maxSubscriptions) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `${SUBSCRIPTION_LIMIT_CODE}: this session holds ${held} resource subscriptions, the server's limit (--max-subscriptions). Nothing was subscribed. Unsubscribe from keys you no longer watch, then subscribe again.`,
        { code: SUBSCRIPTION_LIMIT_CODE, limit: session.maxSubscriptions },
      );
    }
    // Counted from here, so that subscribes in flight together cannot pass the limit.
    const uris = urisByKey.get(key) ?? new Set<string>();
    uris.add(uri);
    urisByKey.set(key, uris);
    try {
      const status = await keyspaceNotificationStatus(session.redis).catch((error: unknown) => {
        throw new McpError(ErrorCode.InternalError, `Cannot subscribe: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (status.enabled === false) throw new McpError(ErrorCode.InvalidRequest, NOTIFICATIONS_OFF);
      await startWatcher()
        .then((open) => open.watch(key))
        .catch((error: unknown) => {
          throw new McpError(ErrorCode.InternalError, `Cannot subscribe to ${uri}: ${error instanceof Error ? error.message : String(error)}`);
        });
    } catch (error) {
      uris.delete(uri);
      if (uris.size === 0 && urisByKey.get(key) === uris) urisByKey.delete(key);
      throw error;
    }
    return {};
  });

  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    const key = keyOf(uri);
    const uris = urisByKey.get(key);
    uris?.delete(uri);
    if (uris && uris.size === 0) {
      urisByKey.delete(key);
      if (watcher) await (await watcher).unwatch(key).catch(() => undefined);
    }
    return {};
  });

  const previous = server.server.onclose;
  server.server.onclose = () => {
    previous?.();
    void watcher?.then((open) => open.close()).catch(() => undefined);
    watcher = undefined;
  };
}
