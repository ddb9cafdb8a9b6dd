import { createServer } from "node:net";

/**
 * Asks the OS for a free TCP port on `host` (bind to port 0, read it, close): for a local
 * redis-server. Never probes upward from a fixed port, so parallel runs and a Redis already on 6379
 * do not collide. The port can in principle be taken before it is used; callers that bind it retry.
 * @example const port = await freePort();
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address && typeof address === "object") {
        const { port } = address;
        server.close(() => resolve(port));
      } else {
        server.close(() => reject(new Error("the OS returned no port")));
      }
    });
  });
}
