import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

const NEWLINE = 0x0a;
/** JSON-RPC "Invalid Request": what a message we cannot take gets. */
const INVALID_REQUEST = -32600;
const PARSE_ERROR = -32700;
/** How far into a dropped message's head and tail its id is looked for. */
const ID_SEARCH_BYTES = 256;
const ID_PATTERN = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;

/** Where a stdio transport reads and writes, and how big a message may be. */
export interface StdioTransportOptions {
  input?: Readable;
  output?: Writable;
  /** A longer line is dropped and answered with an error; the transport keeps reading. */
  maxMessageBytes: number;
}

/** The id of a message we could not parse, when its head or tail shows one, so the caller's request fails at once instead of waiting. */
function findRequestId(head: string, tail: string): string | number | null {
  const match = ID_PATTERN.exec(tail) ?? ID_PATTERN.exec(head);
  if (!match?.[1]) return null;
  return match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : Number(match[1]);
}

/** Cheap shape check: the SDK's Protocol checks each message against its own schema again. */
function isMessage(value: unknown): value is JSONRPCMessage {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (value as { jsonrpc?: unknown }).jsonrpc === "2.0";
}

/**
 * MCP over stdin/stdout: newline-delimited JSON-RPC, as the SDK's StdioServerTransport, with
 * three differences that matter to an agent's server.
 * - A message over `maxMessageBytes` is dropped and answered with an error (its id is found in
 *   its head or tail when it has one); the SDK's transport closes on an oversized message, and
 *   with stdin gone the server would exit.
 * - Replies finished in the same tick go out in one write (stdout is corked until the next
 *   tick): with many calls in flight that is one syscall instead of one per reply.
 * - Messages are checked for their JSON-RPC shape only. The SDK's transport parses each one
 *   with the full zod message union, then its Protocol classifies it with zod again and parses
 *   the request with the method's schema: the first parse was a tenth of a tool call's CPU.
 */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #input: Readable;
  readonly #output: Writable;
  readonly #maxMessageBytes: number;
  /** Parts of a line not yet ended by a newline. */
  #partial: Buffer[] = [];
  #partialBytes = 0;
  /** The start of an oversized line, kept to find its id; set while the rest of it is skipped. */
  #droppedHead: string | undefined;
  #corked = false;
  #closed = false;

  constructor(options: StdioTransportOptions) {
    this.#input = options.input ?? process.stdin;
    this.#output = options.output ?? process.stdout;
    this.#maxMessageBytes = options.maxMessageBytes;
  }

  async start(): Promise<void> {
    this.#input.on("data", this.#onData);
    this.#input.on("error", this.#onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (!this.#corked) {
      this.#corked = true;
      this.#output.cork();
      process.nextTick(this.#uncork);
    }
    const written = this.#output.write(`${JSON.stringify(message)}\n`);
    if (written) return Promise.resolve();
    return new Promise((resolve) => this.#output.once("drain", resolve));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#input.off("data", this.#onData);
    this.#input.off("error", this.#onError);
    if (this.#input.listenerCount("data") === 0) this.#input.pause();
    this.#partial = [];
    this.#partialBytes = 0;
    this.onclose?.();
  }

  #uncork = () => {
    this.#corked = false;
    this.#output.uncork();
  };

  #onError = (error: Error) => this.onerror?.(error);

  #onData = (chunk: Buffer) => {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      this.#endLine(chunk.subarray(start, newline));
      start = newline + 1;
    }
    if (start < chunk.length) this.#keep(chunk.subarray(start));
  };

  /** Holds the unfinished end of a chunk, or starts dropping the line once it is too long. */
  #keep(part: Buffer): void {
    if (this.#droppedHead !== undefined) return;
    this.#partial.push(part);
    this.#partialBytes += part.length;
    if (this.#partialBytes > this.#maxMessageBytes) {
      this.#droppedHead = Buffer.concat(this.#partial).subarray(0, ID_SEARCH_BYTES).toString();
      this.#partial = [];
      this.#partialBytes = 0;
    }
  }

  #endLine(end: Buffer): void {
    if (this.#droppedHead !== undefined) {
      const head = this.#droppedHead;
      this.#droppedHead = undefined;
      this.#refuse(head, end.subarray(Math.max(0, end.length - ID_SEARCH_BYTES)).toString());
      return;
    }
    let line = end;
    if (this.#partial.length > 0) {
      this.#partial.push(end);
      line = Buffer.concat(this.#partial, this.#partialBytes + end.length);
      this.#partial = [];
      this.#partialBytes = 0;
    }
    if (line.length > this.#maxMessageBytes) {
      this.#refuse(line.subarray(0, ID_SEARCH_BYTES).toString(), line.subarray(line.length - ID_SEARCH_BYTES).toString());
      return;
    }
    // A blank line or a Windows line end is not an error.
    const text = line.toString().trim();
    if (text.length > 0) this.#parse(text);
  }

  #parse(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      // Not JSON.parse's message: V8 quotes the input, which may hold a value or a password.
      this.#reply(findRequestId(text.slice(0, ID_SEARCH_BYTES), text.slice(-ID_SEARCH_BYTES)), PARSE_ERROR, "Parse error: the line is not valid JSON.");
      return;
    }
    if (!isMessage(message)) {
      this.#reply(null, INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 message (expected an object with "jsonrpc": "2.0").');
      return;
    }
    this.onmessage?.(message);
  }

  #refuse(head: string, tail: string): void {
    const limit = this.#maxMessageBytes;
    this.#reply(
      findRequestId(head, tail),
      INVALID_REQUEST,
      `Request too large: over ${limit} bytes. Send less per call: split bulk writes over several calls (values this large are better written with a Redis client than through an agent).`,
    );
  }

  /** Answers a message that never reaches the Protocol, and reports it. */
  #reply(id: string | number | null, code: number, message: string): void {
    this.onerror?.(new Error(message));
    // Without an id there is no request to answer (a notification, or an id we could not find).
    if (id === null) return;
    void this.send({ jsonrpc: "2.0", id, error: { code, message } });
  }
}
