import { createServer, type Server } from "node:http";
import { type ClusterOptions, startRedisCluster } from "./cluster.js";
import { type StandaloneOptions, startRedisServer } from "./standalone.js";
import { startTlsRedisServer, type TlsServerOptions } from "./tls.js";

/** The topologies a worker can ask the broker for. */
export type SharedKind = "standalone" | "cluster" | "tls";

/** What a worker sends: which topology, with which options, for which worker slot. */
export interface AcquireRequest {
  kind: SharedKind;
  options: StandaloneOptions | ClusterOptions | TlsServerOptions;
  /** `VITEST_POOL_ID`: one worker runs one test file at a time, so a slot never races itself. */
  slot: string;
}

/** Connection details of a shared server (plain data: it crosses the process boundary). */
export type SharedDescriptor =
  | { kind: "standalone"; host: string; port: number; url: string; socketPath?: string | undefined }
  | { kind: "cluster"; startupNodes: { host: string; port: number }[]; nodes: { host: string; port: number }[] }
  | { kind: "tls"; host: string; port: number; url: string; tls: { ca: string; clientCert: string; clientKey: string } };

interface Running {
  descriptor: SharedDescriptor;
  stop(): Promise<void>;
}

async function launch(request: AcquireRequest): Promise<Running> {
  switch (request.kind) {
    case "standalone": {
      const server = await startRedisServer(request.options as StandaloneOptions);
      return { descriptor: { kind: "standalone", host: server.host, port: server.port, url: server.url, socketPath: server.socketPath }, stop: server.stop };
    }
    case "cluster": {
      const cluster = await startRedisCluster(request.options as ClusterOptions);
      const nodes = cluster.nodes.map((node) => ({ host: node.host, port: node.port }));
      return { descriptor: { kind: "cluster", startupNodes: cluster.startupNodes, nodes }, stop: cluster.stop };
    }
    case "tls": {
      const server = await startTlsRedisServer(request.options as TlsServerOptions);
      const { ca, clientCert, clientKey } = server.tls;
      return { descriptor: { kind: "tls", host: server.host, port: server.port, url: server.url, tls: { ca, clientCert, clientKey } }, stop: server.stop };
    }
  }
}

/**
 * Starts servers on demand, one per (worker slot, topology, options), and stops them all at the
 * end of the run. Runs in vitest's main process, so servers outlive single test files (a cluster
 * costs 1-3 s to form) and die with the run (`setpriv --pdeathsig`).
 */
export class RedisBroker {
  readonly #running = new Map<string, Promise<Running>>();
  #server: Server | undefined;
  #url = "";

  /** `http://127.0.0.1:<port>` once started. */
  get url(): string {
    return this.#url;
  }

  /** Starts (or reuses) the server a request asks for. */
  acquire(request: AcquireRequest): Promise<Running> {
    const key = JSON.stringify([request.slot, request.kind, request.options]);
    let running = this.#running.get(key);
    if (!running) {
      running = launch(request);
      // A failed start must not poison the slot: the next request tries again.
      running.catch(() => this.#running.delete(key));
      this.#running.set(key, running);
    }
    return running;
  }

  /** Listens on an OS-assigned loopback port. */
  async listen(): Promise<string> {
    const server = createServer(async (request, response) => {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString()) as AcquireRequest;
        const running = await this.acquire(body);
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(running.descriptor));
      } catch (error) {
        response.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? error.message : String(error));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address !== "object") throw new Error("broker has no address");
    this.#server = server;
    this.#url = `http://127.0.0.1:${address.port}`;
    return this.#url;
  }

  /** Stops every server it started and closes the HTTP endpoint. */
  async close(): Promise<void> {
    this.#server?.close();
    const all = [...this.#running.values()];
    this.#running.clear();
    await Promise.all(all.map((running) => running.then((started) => started.stop()).catch(() => undefined)));
  }
}
