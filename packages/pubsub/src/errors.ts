import { RedisMcpError, type RedisMcpErrorOptions } from "@redis-mcp/core";

declare module "@redis-mcp/core" {
  /** The codes of this package's errors, registered with core's union of codes. */
  interface RedisMcpErrorCodes {
    E_PUBSUB_INVALID: true;
    E_PUBSUB_UNKNOWN_CHANNEL: true;
    E_PUBSUB_INVALID_MESSAGE: true;
    E_PUBSUB_HANDLER: true;
    E_PUBSUB_CLOSED: true;
    E_PUBSUB_DEAD_LETTERED: true;
  }
}

/** Where a received message came from, for {@link InvalidMessageError} and {@link HandlerError}. */
export interface MessageErrorOptions extends RedisMcpErrorOptions {
  /** The channel (pub/sub) or topic (durable) the message arrived on. */
  channel?: string;
  /** The pattern it matched, for messages of a pattern subscription. */
  pattern?: string;
  /** The message exactly as it arrived (bytes). */
  raw?: Buffer;
  /** The envelope id, when the message could be decoded. */
  messageId?: string;
}

/** Bad input to a pub/sub call (empty channel, bad option, payload its schema rejects or the codec cannot encode); nothing was sent. */
export class PubSubInvalidError extends RedisMcpError {
  static readonly code = "E_PUBSUB_INVALID";
  override name = "PubSubInvalidError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(PubSubInvalidError.code, message, options);
  }
}

/** A channel that is not one of the typed channels this instance was created with; nothing was sent. */
export class UnknownChannelError extends RedisMcpError {
  static readonly code = "E_PUBSUB_UNKNOWN_CHANNEL";
  override name = "UnknownChannelError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(UnknownChannelError.code, message, options);
  }
}

/**
 * A received message that could not be decoded or that its channel's schema rejects. It reaches
 * the error handler (`onError`) with the raw bytes, never a message handler.
 */
export class InvalidMessageError extends RedisMcpError {
  static readonly code = "E_PUBSUB_INVALID_MESSAGE";
  override name = "InvalidMessageError";
  /** The channel (or topic) it arrived on. */
  readonly channel: string | undefined;
  /** The pattern it matched, for pattern subscriptions. */
  readonly pattern: string | undefined;
  /** The message exactly as it arrived. */
  readonly raw: Buffer | undefined;
  constructor(message: string, options: MessageErrorOptions = {}) {
    super(InvalidMessageError.code, message, options);
    this.channel = options.channel;
    this.pattern = options.pattern;
    this.raw = options.raw;
  }
}

/** A message handler threw or rejected; `cause` is what it threw. Reported to `onError`, never thrown into the subscriber loop. */
export class HandlerError extends RedisMcpError {
  static readonly code = "E_PUBSUB_HANDLER";
  override name = "HandlerError";
  /** The channel (or topic) of the message. */
  readonly channel: string | undefined;
  /** The envelope id of the message. */
  readonly messageId: string | undefined;
  constructor(message: string, options: MessageErrorOptions = {}) {
    super(HandlerError.code, message, options);
    this.channel = options.channel;
    this.messageId = options.messageId;
  }
}

/** The pub/sub instance or durable consumer was closed; create a new one. */
export class PubSubClosedError extends RedisMcpError {
  static readonly code = "E_PUBSUB_CLOSED";
  override name = "PubSubClosedError";
  constructor(message: string, options?: RedisMcpErrorOptions) {
    super(PubSubClosedError.code, message, options);
  }
}

/** A durable message was moved to the dead-letter stream (attempts used up, or undecodable); reported to `onError`. */
export class DeadLetteredError extends RedisMcpError {
  static readonly code = "E_PUBSUB_DEAD_LETTERED";
  override name = "DeadLetteredError";
  /** The topic. */
  readonly channel: string | undefined;
  /** The envelope id, when the message could be decoded. */
  readonly messageId: string | undefined;
  constructor(message: string, options: MessageErrorOptions = {}) {
    super(DeadLetteredError.code, message, options);
    this.channel = options.channel;
    this.messageId = options.messageId;
  }
}
