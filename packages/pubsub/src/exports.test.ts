import { expect, it } from "vitest";
import * as api from "./index.js";

// The public surface is a contract: adding or removing an export is a deliberate, changeset-worthy act.
it("exports exactly its public API", () => {
  expect(Object.keys(api).sort()).toEqual([
    "DeadLetteredError",
    "HandlerError",
    "InvalidMessageError",
    "PubSubClosedError",
    "PubSubInvalidError",
    "UnknownChannelError",
    "createDurableTopic",
    "createEnvelope",
    "createPubSub",
    "isEnvelope",
    "jsonCodec",
  ]);
});
