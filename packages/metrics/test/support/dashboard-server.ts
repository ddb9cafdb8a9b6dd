import { createServer, type RequestListener, type Server } from "node:http";
import type { DashboardState } from "../../src/dashboard-page/index.js";

/** A node:http server on a free loopback port. */
export async function listen(listener: RequestListener): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An open event stream of the dashboard: the states it has received so far. */
export interface StateStream {
  states: DashboardState[];
  /** Resolves with the first state (received or to come) that `accept` takes; rejects after `milliseconds`. */
  waitFor(accept: (state: DashboardState) => boolean, milliseconds?: number): Promise<DashboardState>;
  close(): void;
}

/** Opens `<url>events` and parses its `state` events as they come. */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<StateStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`events answered ${response.status}: ${await response.text()}`);
  const states: DashboardState[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split("\n")
            .filter((line) => line.startsWith("data: "))
            .map((line) => line.slice(6))
            .join("\n");
          if (block.includes("event: state") && data) {
            states.push(JSON.parse(data) as DashboardState);
            for (const waiter of [...waiters]) waiter();
          }
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    states,
    waitFor(accept, milliseconds = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = states.find(accept);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching dashboard state within ${milliseconds} ms; last: ${JSON.stringify(states.at(-1))?.slice(0, 2000)}`));
        }, milliseconds);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
