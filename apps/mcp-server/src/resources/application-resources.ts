import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { escapeGlob, keyPrefixOf } from "@redis-mcp/core";
import type { McpSessionContext } from "../tools/mcp-session-context.js";
import { COMPLETION_LIMIT, RESOURCE_NOT_FOUND, templateVariable } from "./resource-template-values.js";

/** Completions are a convenience: a Redis failure gives no suggestions rather than an error while the user types. */
async function suggestions(find: () => Promise<string[]>): Promise<string[]> {
  try {
    return (await find()).slice(0, COMPLETION_LIMIT);
  } catch {
    return [];
  }
}

function json(uri: URL, value: unknown): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(value) }] };
}

/** Any failure of a read becomes a JSON-RPC error (resources/read has no isError result). */
async function reading(read: () => Promise<ReadResourceResult>): Promise<ReadResourceResult> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof McpError) throw error;
    throw new McpError(ErrorCode.InternalError, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Pub/sub channels and application metrics as resources, for their completions
 * (`completion/complete`), bounded and inside the key scope:
 * - `redis://channel/{channel}`: an active channel and its subscriber count (completes channels
 *   with subscribers, from PUBSUB CHANNELS on every node, by prefix);
 * - `redis://metric/{name}`: a metric's registered definition (completes names from the metrics
 *   registry of the application's prefix).
 */
export function registerApplicationResources(server: McpServer, session: McpSessionContext): void {
  const prefix = () => keyPrefixOf(session.redis);
  const activeChannels = async (start: string): Promise<string[]> => {
    const pubsub = session.applications.pubsub();
    try {
      const names = await pubsub.channels(`${escapeGlob(prefix() + start)}*`);
      return names.map((name) => name.slice(prefix().length));
    } finally {
      await pubsub.close();
    }
  };

  server.registerResource(
    "channel",
    new ResourceTemplate("redis://channel/{channel}", { list: undefined, complete: { channel: (value) => suggestions(() => activeChannels(value)) } }),
    { title: "Pub/sub channel", description: "A channel and how many subscribers it has (as pubsub_channels).", mimeType: "application/json" },
    (uri, variables) =>
      reading(async () => {
        const channel = templateVariable(variables.channel);
        const pubsub = session.applications.pubsub();
        try {
          const wire = `${prefix()}${channel}`;
          const counts = await pubsub.subscriberCounts([wire]);
          return json(uri, { channel, subscribers: counts[wire] ?? 0 });
        } finally {
          await pubsub.close();
        }
      }),
  );

  server.registerResource(
    "metric",
    new ResourceTemplate("redis://metric/{name}", {
      list: undefined,
      complete: {
        name: (value) =>
          suggestions(async () =>
            (await session.applications.metrics().definitions()).map((definition) => definition.name).filter((name) => name.startsWith(value)),
          ),
      },
    }),
    {
      title: "Application metric",
      description: "A metric's definition: type, help, label names, buckets (metric_get reads its values).",
      mimeType: "application/json",
    },
    (uri, variables) =>
      reading(async () => {
        const name = templateVariable(variables.name);
        const definition = await session.applications.metrics().definition(name);
        if (!definition) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: no metric ${JSON.stringify(name)} is registered.`);
        return json(uri, definition);
      }),
  );
}
