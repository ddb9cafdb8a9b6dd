import type { TestProject } from "vitest/node";
import { RedisBroker } from "./broker.js";

/** Key under which the broker URL is provided to test workers (`inject`). */
export const BROKER_KEY = "redisMcpTestBroker";

declare module "vitest" {
  export interface ProvidedContext {
    redisMcpTestBroker: string;
  }
}

interface SharedBrokerState {
  broker: RedisBroker;
  url: Promise<string>;
  users: number;
}

// Every project's globalSetup runs in the same main process: share one broker between them
// (reference-counted), so a cluster is formed once per worker slot, not once per package.
const STATE = Symbol.for("@redis-mcp/test-redis/broker");
type GlobalWithBroker = typeof globalThis & { [STATE]?: SharedBrokerState };

/** vitest `globalSetup`: starts the shared-server broker and tears everything down at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const global = globalThis as GlobalWithBroker;
  let state = global[STATE];
  if (!state) {
    const broker = new RedisBroker();
    state = { broker, url: broker.listen(), users: 0 };
    global[STATE] = state;
  }
  state.users += 1;
  project.provide(BROKER_KEY, await state.url);
  return async () => {
    const current = global[STATE];
    if (!current) return;
    current.users -= 1;
    if (current.users === 0) {
      delete global[STATE];
      await current.broker.close();
    }
  };
}
