export type { ChannelDefinition, ChannelDefinitions, ResolvedChannel } from "./channel-catalog.js";
export type { EnvelopeCodec } from "./codec.js";
export { jsonCodec } from "./codec.js";
export { createDurableTopic } from "./durable/durable-topic.js";
export type {
  ConsumeOptions,
  DeadLetter,
  DurableHandler,
  DurableMessage,
  DurableTopic,
  DurableTopicOptions,
  StopConsuming,
  TopicStats,
} from "./durable/durable-types.js";
export type { TopicKeys } from "./durable/topic-keys.js";
export type { Envelope } from "./envelope.js";
export { createEnvelope, isEnvelope } from "./envelope.js";
export type { MessageErrorOptions } from "./errors.js";
export { DeadLetteredError, HandlerError, InvalidMessageError, PubSubClosedError, PubSubInvalidError, UnknownChannelError } from "./errors.js";
export { createPubSub } from "./pubsub.js";
export type {
  ChannelTypes,
  LocalSubscriptions,
  MessageHandler,
  PatternPublishResult,
  PubSub,
  PubSubMessage,
  PubSubOptions,
  TypedChannels,
  Unsubscribe,
  UntypedChannels,
} from "./pubsub-types.js";
export type { Schema, SchemaInput, SchemaOutput, SchemaResult } from "./schema.js";
