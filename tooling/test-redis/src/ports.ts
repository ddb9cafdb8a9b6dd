import { createServer } from "node:net";

/**
 * Asks the OS for a free TCP port on 127.0.0.1 (bind to 0, read it, close). Never probes upward
 * from a fixed port, so parallel runs and a Redis already on 6379 do not collide.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
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
