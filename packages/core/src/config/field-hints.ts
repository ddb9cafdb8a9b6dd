/** For each field, what a valid value looks like and how to fix a bad one. */
const HINTS: Record<string, string> = {
  url: "use redis://[user:password@]host:port[/db], rediss:// for TLS, or unix:///path/to/redis.sock",
  host: "use a host name or IP address, e.g. 127.0.0.1",
  port: "use the port Redis listens on: an integer from 1 to 65535 (6379 by default)",
  path: "use the path of the Redis unix socket, e.g. /var/run/redis/redis.sock",
  username: "use the ACL user name, or leave it unset for the default user",
  password: "use the password of the ACL user (or requirepass)",
  db: "use a database number from 0 (the default) up to the server's databases setting minus one",
  tls: "use true, or an object with ca/caFile, cert/certFile, key/keyFile, servername, rejectUnauthorized",
  "tls.enabled": "use true or false",
  "sentinel.tls": "use true or false",
  "tls.caFile": "point it at a readable PEM file with the CA certificate",
  "tls.certFile": "point it at a readable PEM file with the client certificate",
  "tls.keyFile": "point it at a readable PEM file with the client private key",
  "tls.rejectUnauthorized": "use true (verify the server, the default) or false (test servers only)",
  "cluster.nodes": 'list seed nodes as "host:port,host:port"',
  "cluster.scaleReads": "use master, slave or all",
  "cluster.maxRedirections": "use an integer from 1 to 1000 (16 by default)",
  "sentinel.name": "set the name the sentinels monitor, e.g. mymaster",
  "sentinel.sentinels": 'list sentinels as "host:port,host:port"',
  "sentinel.role": "use master (the default) or slave",
  connectTimeoutMs: "use a positive number of milliseconds (5000 by default)",
  commandTimeoutMs: "use a positive number of milliseconds (5000 by default)",
  clientName: "use a name without spaces, e.g. my-service",
  keepAliveMs: "use milliseconds before TCP keep-alive probes start (0 turns them off)",
  maxRetriesPerRequest: "use a whole number of reconnect attempts a command may wait through (2 by default)",
  "retry.initialDelayMs": "use a positive number of milliseconds (50 by default)",
  "retry.maxDelayMs": "use a positive number of milliseconds (2000 by default)",
  "retry.maxReconnectAttempts": "use a whole number, or leave it unset to reconnect forever",
  offlineQueue: "use true, false, or { enabled, maxLength }",
  "offlineQueue.maxLength": "use a positive number of commands (1000 by default)",
};

/** The fix for a field, falling back to the nearest parent's hint. */
export function hintFor(path: string): string | undefined {
  for (let candidate = path; candidate; candidate = candidate.includes(".") ? candidate.slice(0, candidate.lastIndexOf(".")) : "") {
    const hint = HINTS[candidate];
    if (hint) return hint;
  }
  return undefined;
}

/** Fields whose values are never shown. */
export function isSecretField(path: string): boolean {
  return /(^|\.)(password|key)$/.test(path);
}
