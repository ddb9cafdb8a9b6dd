import { connect } from "node:net";

/**
 * True when something speaking RESP answers on host:port within `timeoutMs` (PONG, or an auth
 * error: a Redis is there either way). Used to pick `redis://127.0.0.1:6379` by default.
 */
export function answersRedis(host = "127.0.0.1", port = 6379, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    const finish = (answer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => finish(/^[+-]/.test(data.toString())));
    socket.once("error", () => finish(false));
    socket.once("close", () => finish(false));
  });
}
