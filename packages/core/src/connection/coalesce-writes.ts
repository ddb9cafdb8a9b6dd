import type { Redis } from "ioredis";
import { isCluster, type RedisClient } from "../client/redis-client.js";

type SendCommand = (...args: unknown[]) => unknown;

/** The parts of an ioredis connection this touches: its socket and its sendCommand. */
interface Connection {
  stream?: { cork(): void; uncork(): void; writable?: boolean };
  sendCommand: SendCommand;
}

/**
 * Sends the commands one connection is given in the same tick in one socket write. ioredis
 * writes every command on its own (a syscall each, and a read each on the Redis side); with
 * many calls in flight that was the largest cost left in a one-command operation. node-redis
 * batches the same way. The socket is corked at the first command of a tick and uncorked on the
 * next tick, before Node polls for I/O, so no command waits longer than the work of its tick.
 * ioredis offers no hook, so this wraps the instance's `sendCommand`, as limitCommands does.
 */
function coalesceConnection(connection: Connection): void {
  const send = connection.sendCommand;
  let corked: Connection["stream"];
  const uncork = () => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  connection.sendCommand = function coalescedSendCommand(this: unknown, ...args: unknown[]) {
    const stream = connection.stream;
    if (!corked && stream?.writable) {
      corked = stream;
      stream.cork();
      process.nextTick(uncork);
    }
    return send.apply(this, args);
  };
}

/** Coalesces writes on a standalone or Sentinel client, or on every node a Cluster connects to. */
export function coalesceWrites(client: RedisClient): void {
  if (isCluster(client)) {
    client.on("+node", (node: Redis) => coalesceConnection(node as unknown as Connection));
    return;
  }
  coalesceConnection(client as unknown as Connection);
}
