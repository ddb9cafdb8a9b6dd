import type { RedisNode } from "./redis-node.js";

const ATTEMPTS = 5;

/**
 * Builds a node on freshly assigned ports and starts it; when a port was taken between `freePort`
 * and redis-server binding it (other processes start servers too), builds it again on new ports.
 * Any other failure is thrown at once.
 */
export async function startOnFreePorts<T extends { node: RedisNode }>(build: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const built = await build();
    try {
      await built.node.start();
      return built;
    } catch (error) {
      await built.node.dispose();
      const portTaken = error instanceof Error && /Address already in use/.test(error.message);
      if (!portTaken || attempt >= ATTEMPTS) throw error;
    }
  }
}
