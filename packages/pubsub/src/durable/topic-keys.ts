import { PubSubInvalidError } from "../errors.js";

/** The Redis keys of a durable topic; both share the hash tag `{<topic>}`, so they live in one cluster slot. */
export interface TopicKeys {
  /** The stream holding the messages: `pubsub:{<topic>}:stream`. */
  stream: string;
  /** The dead-letter stream: `pubsub:{<topic>}:dead`. */
  deadLetter: string;
}

/**
 * The keys of a topic.
 * @throws PubSubInvalidError (`E_PUBSUB_INVALID`) for an empty name or one with braces (they would change the hash tag).
 */
export function topicKeys(topic: unknown): TopicKeys {
  if (typeof topic !== "string" || topic === "" || /[{}]/.test(topic)) {
    throw new PubSubInvalidError(
      `createDurableTopic: topic must be a non-empty name without braces (it becomes the hash tag of the topic's keys), got ${typeof topic === "string" ? JSON.stringify(topic) : typeof topic}.`,
    );
  }
  return { stream: `pubsub:{${topic}}:stream`, deadLetter: `pubsub:{${topic}}:dead` };
}
