import type { Session } from "@redis-mcp/session";
import { z } from "zod";
import { ToolError } from "../guard/error-result.js";
import { tierAllows } from "../guard/tier.js";
import { defineTool, type ToolContext } from "../tools/define-tool.js";

/** A session id: a bearer secret, so never a descriptive argument (the audit log redacts it). */
const sessionId = z.string().min(1).max(256).describe("the session id (a secret: never echo it)");
const userId = z.string().min(1).max(512);
const sessionData = z.record(z.string(), z.unknown()).describe("top-level fields, JSON values");

/** What every tier sees of a session: who, when, until when. */
const metadata = {
  userId: z.string().nullable(),
  createdAt: z.number(),
  lastAccessed: z.number(),
  expiresAt: z.number(),
};
/** What the write tier and above see besides: the data and the client details given at creation. */
const contents = {
  data: z.record(z.string(), z.unknown()).optional().describe("write tier and above"),
  ip: z.string().nullable().optional(),
  userAgent: z.string().nullable().optional(),
};
const sessionView = z.object({ ...metadata, ...contents });

/** A session as this caller may see it: data only from the write tier up (the read tier gets metadata). */
function viewOf(session: Session, context: ToolContext): z.output<typeof sessionView> {
  const { userId, createdAt, lastAccessed, expiresAt } = session;
  if (!tierAllows(context.tier, "write")) return { userId, createdAt, lastAccessed, expiresAt };
  return { userId, createdAt, lastAccessed, expiresAt, data: session.data, ip: session.ip, userAgent: session.userAgent };
}

export const sessionCreate = defineTool({
  name: "session_create",
  toolset: "session",
  tier: "write",
  title: "Create session",
  description: "Create an encrypted session in the application's store; returns its new id.",
  idempotent: false,
  input: {
    data: sessionData,
    userId: userId.optional(),
    ttlMs: z
      .number()
      .int()
      .min(1000)
      .max(365 * 86_400_000)
      .optional()
      .describe("idle TTL (default 1 h)"),
  },
  output: { sessionId: z.string(), session: sessionView },
  async run(input, context) {
    const session = await context.applications.sessions().create(input.data, { userId: input.userId, ttlMs: input.ttlMs });
    return { structured: { sessionId: session.id, session: viewOf(session, context) } };
  },
});

export const sessionGet = defineTool({
  name: "session_get",
  toolset: "session",
  tier: "read",
  title: "Get session",
  description: "Read a session without marking it used: metadata, and its data from the write tier up.",
  idempotent: true,
  input: { sessionId },
  output: { found: z.boolean(), session: sessionView.nullable() },
  async run(input, context) {
    const session = await context.applications.sessions().peek(input.sessionId);
    return { structured: { found: session !== null, session: session && viewOf(session, context) } };
  },
});

export const sessionUpdate = defineTool({
  name: "session_update",
  toolset: "session",
  tier: "write",
  title: "Update session",
  description: "Merge top-level fields into a session's data and remove others, atomically.",
  idempotent: true,
  destructive: true,
  input: {
    sessionId,
    set: sessionData.optional(),
    remove: z.array(z.string().min(1).max(256)).max(100).optional().describe("field names to remove"),
  },
  output: { found: z.boolean(), session: sessionView.nullable() },
  async run(input, context) {
    const patch: Record<string, unknown> = { ...input.set };
    for (const name of input.remove ?? []) {
      if (name in patch)
        throw new ToolError("E_INVALID_ARGUMENT", `field ${JSON.stringify(name)} is both in set and in remove; give it once. Nothing was changed.`);
      // The store removes a field given as undefined.
      patch[name] = undefined;
    }
    if (Object.keys(patch).length === 0) throw new ToolError("E_INVALID_ARGUMENT", "give fields in set or names in remove. Nothing was changed.");
    const session = await context.applications.sessions().update(input.sessionId, patch);
    return { structured: { found: session !== null, session: session && viewOf(session, context) } };
  },
});

export const sessionDestroy = defineTool({
  name: "session_destroy",
  toolset: "session",
  tier: "write",
  title: "Destroy session",
  description: "End a session for good (log it out).",
  idempotent: true,
  destructive: true,
  input: { sessionId },
  output: { destroyed: z.boolean() },
  async run(input, context) {
    return { structured: { destroyed: await context.applications.sessions().destroy(input.sessionId) } };
  },
});

export const sessionListForUser = defineTool({
  name: "session_list_for_user",
  toolset: "session",
  tier: "read",
  title: "List user's sessions",
  description: "A user's live sessions, most recently used first; ids and data from the write tier up.",
  idempotent: true,
  input: { userId, limit: z.number().int().min(1).max(1000).default(100) },
  output: { sessions: z.array(sessionView.extend({ sessionId: z.string().optional() })), truncated: z.boolean() },
  async run(input, context) {
    // One more than asked: says whether there are more without counting them all.
    const sessions = await context.applications.sessions().listForUser(input.userId, { limit: input.limit + 1 });
    const shown = sessions.slice(0, input.limit);
    const withIds = tierAllows(context.tier, "write");
    return {
      structured: {
        sessions: shown.map((session) => (withIds ? { sessionId: session.id, ...viewOf(session, context) } : viewOf(session, context))),
        truncated: sessions.length > input.limit,
      },
    };
  },
});

export const sessionDestroyForUser = defineTool({
  name: "session_destroy_for_user",
  toolset: "session",
  tier: "write",
  title: "Destroy user's sessions",
  description: "Log a user out everywhere: destroy every session of the user.",
  idempotent: true,
  destructive: true,
  input: { userId },
  output: { destroyed: z.number() },
  async run(input, context) {
    return { structured: { destroyed: await context.applications.sessions().destroyAllForUser(input.userId) } };
  },
});

/** The session toolset: an application's createSessionStore data (needs its secret). */
export const SESSION_TOOLS = [sessionCreate, sessionGet, sessionUpdate, sessionDestroy, sessionListForUser, sessionDestroyForUser];
