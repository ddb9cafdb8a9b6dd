import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@redis-mcp/core/local-server";
import { startOnFreePorts } from "./free-port-start.js";
import { RedisNode } from "./redis-node.js";
import { type StandaloneOptions, type StandaloneRedis, standaloneArgs } from "./standalone.js";
import { makeServerDir } from "./temp-dir.js";

const execFileAsync = promisify(execFile);

/** A throwaway CA with a server certificate (localhost, 127.0.0.1) and a client certificate. */
export interface TlsMaterial {
  readonly dir: string;
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** PEM contents, for ioredis `tls: { ca, cert, key }`. */
  readonly ca: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await execFileAsync("openssl", args, { cwd: dir });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`openssl ${args[0]} failed (install openssl: apt-get install -y openssl): ${message}`);
  }
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

async function issue(dir: string, name: string, subject: string, extensions: string): Promise<void> {
  await openssl(dir, ["req", ...EC_KEY, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
  await writeFile(join(dir, `${name}.ext`), extensions);
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-sha256",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  ]);
}

/** Generates a CA, a server certificate and a client certificate with openssl (EC P-256, ~40 ms). */
export async function createTlsMaterial(dir: string): Promise<TlsMaterial> {
  await openssl(dir, ["req", "-x509", ...EC_KEY, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=redis-mcp test CA"]);
  await issue(dir, "server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  await issue(dir, "client", "/CN=redis-mcp test client", "extendedKeyUsage=clientAuth\n");
  const file = (name: string) => join(dir, name);
  const [ca, clientCert, clientKey] = await Promise.all(["ca.crt", "client.crt", "client.key"].map((name) => readFile(file(name), "utf8")));
  return {
    dir,
    caFile: file("ca.crt"),
    serverCertFile: file("server.crt"),
    serverKeyFile: file("server.key"),
    clientCertFile: file("client.crt"),
    clientKeyFile: file("client.key"),
    ca: ca ?? "",
    clientCert: clientCert ?? "",
    clientKey: clientKey ?? "",
  };
}

/** Options for {@link startTlsRedisServer}. */
export interface TlsServerOptions extends StandaloneOptions {
  /** Require a client certificate signed by the CA (mTLS). Default false. */
  mutual?: boolean;
}

/** A running TLS-only server with the material to connect to it. */
export interface TlsRedis extends StandaloneRedis {
  readonly tls: TlsMaterial;
}

/**
 * Starts a redis-server that speaks TLS only (plain port disabled), with a fresh CA.
 * @example
 * const redis = await startTlsRedisServer({ mutual: true });
 * new Redis({ port: redis.port, tls: { ca: redis.tls.ca, cert: redis.tls.clientCert, key: redis.tls.clientKey, servername: "localhost" } });
 */
export async function startTlsRedisServer(options: TlsServerOptions = {}): Promise<TlsRedis> {
  const { node, port, dir, tls } = await startOnFreePorts(async () => {
    const port = await freePort();
    const dir = await makeServerDir("tls");
    const node = new RedisNode({ port, dir, args: [] });
    try {
      const tls = await createTlsMaterial(dir);
      const args = await standaloneArgs(port, dir, options);
      // Same arguments as a plain server, but the TCP port is turned off and the port is TLS.
      const portIndex = args.indexOf("--port");
      args.splice(portIndex, 2, "--port", "0", "--tls-port", String(port));
      args.push(
        "--tls-cert-file",
        tls.serverCertFile,
        "--tls-key-file",
        tls.serverKeyFile,
        "--tls-ca-cert-file",
        tls.caFile,
        "--tls-auth-clients",
        options.mutual ? "yes" : "no",
      );
      node.spec.args.push(...args);
      return { node, port, dir, tls };
    } catch (error) {
      await node.dispose();
      throw error;
    }
  });
  return {
    host: node.host,
    port,
    url: `rediss://127.0.0.1:${port}`,
    socketPath: options.unixSocket ? join(dir, "redis.sock") : undefined,
    node,
    tls,
    stop: () => node.dispose(),
  };
}
