import { describe, expectTypeOf, it } from "vitest";
import { ConfigError, ConsumerGroupNotFoundError, InvalidArgumentError } from "./errors.js";
import { type CoreErrorCode, RedisMcpError, type RedisMcpErrorCode } from "./redis-mcp-error.js";

// These checks run in `pnpm typecheck`: a @ts-expect-error that stops erroring fails the build.
describe("error codes are a union", () => {
  it("rejects a misspelt code where one is written or compared", () => {
    // @ts-expect-error E_TIMOUT is not a code
    const misspelt = new RedisMcpError("E_TIMOUT", "late");
    const error: unknown = misspelt;
    if (RedisMcpError.isInstance(error)) {
      // @ts-expect-error comparing with a code that does not exist
      expectTypeOf(error.code === "E_REDIS_UNAVAILBLE").toBeBoolean();
      expectTypeOf(error.code).toEqualTypeOf<RedisMcpErrorCode>();
    }
  });

  it("gives each class its own literal code", () => {
    expectTypeOf(new ConfigError("x").code).toEqualTypeOf<"E_CONFIG_INVALID">();
    expectTypeOf(ConsumerGroupNotFoundError.code).toEqualTypeOf<"E_GROUP_NOT_FOUND">();
    expectTypeOf(InvalidArgumentError.code).toExtend<CoreErrorCode>();
  });

  it("lets another package narrow the codes of its own subclass", () => {
    class SessionError extends RedisMcpError<"E_SESSION_DECRYPT" | "E_SESSION_INVALID"> {}
    expectTypeOf(new SessionError("E_SESSION_DECRYPT", "bad tag").code).toEqualTypeOf<"E_SESSION_DECRYPT" | "E_SESSION_INVALID">();
    // @ts-expect-error a code outside the subclass's union
    new SessionError("E_TIMEOUT", "late");
  });
});
