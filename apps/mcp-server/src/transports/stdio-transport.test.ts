import { PassThrough, Writable } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { StdioTransport } from "./stdio-transport.js";

/** A transport on in-memory streams, recording what it delivers, reports and writes. */
async function harness(maxMessageBytes = 1024) {
  const input = new PassThrough();
  const writes: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
    writev(chunks, callback) {
      writes.push(chunks.map(({ chunk }) => String(chunk)).join(""));
      callback();
    },
  });
  const transport = new StdioTransport({ input, output, maxMessageBytes });
  const messages: JSONRPCMessage[] = [];
  const errors: string[] = [];
  transport.onmessage = (message) => messages.push(message);
  transport.onerror = (error) => errors.push(error.message);
  await transport.start();
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const replies = () =>
    writes
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  return { input, transport, messages, errors, writes, replies, settle };
}

const ping = (id: number) => `${JSON.stringify({ jsonrpc: "2.0", id, method: "ping" })}\n`;

describe("StdioTransport", () => {
  it("delivers newline-delimited messages, also when split across chunks", async () => {
    const t = await harness();
    const two = ping(1) + ping(2);
    t.input.write(two.slice(0, 10));
    t.input.write(two.slice(10, 40));
    t.input.write(two.slice(40));
    t.input.write("\r\n");
    await t.settle();
    expect(t.messages).toEqual([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
    ]);
    expect(t.errors).toEqual([]);
  });

  it("answers an oversized request with an error for its id and keeps reading", async () => {
    const t = await harness(1024);
    // The SDK client writes the id last, after the params.
    const huge = JSON.stringify({ method: "tools/call", params: { name: "string_set", arguments: { value: "x".repeat(5000) } }, jsonrpc: "2.0", id: 7 });
    t.input.write(huge.slice(0, 2000));
    t.input.write(`${huge.slice(2000)}\n${ping(8)}`);
    await t.settle();
    expect(t.replies()).toEqual([{ jsonrpc: "2.0", id: 7, error: { code: -32600, message: expect.stringMatching(/^Request too large: over 1024 bytes/) } }]);
    expect(t.messages).toEqual([{ jsonrpc: "2.0", id: 8, method: "ping" }]);
    expect(t.errors).toHaveLength(1);
  });

  it("answers malformed JSON with a parse error, and reports what is not JSON-RPC", async () => {
    const t = await harness();
    t.input.write('{"jsonrpc":"2.0","id":"a-1","method":\n');
    t.input.write('{"id":3,"method":"ping"}\n');
    await t.settle();
    expect(t.replies()).toEqual([{ jsonrpc: "2.0", id: "a-1", error: { code: -32700, message: expect.stringMatching(/^Parse error/) } }]);
    expect(t.messages).toEqual([]);
    expect(t.errors).toEqual([expect.stringMatching(/^Parse error/), expect.stringMatching(/not a JSON-RPC 2.0 message/)]);
  });

  it("writes the replies of one tick in one write", async () => {
    const t = await harness();
    await Promise.all([1, 2, 3].map((id) => t.transport.send({ jsonrpc: "2.0", id, result: {} })));
    await t.settle();
    expect(t.writes).toHaveLength(1);
    expect(t.replies().map((reply) => reply.id)).toEqual([1, 2, 3]);
  });

  it("stops delivering once closed", async () => {
    const t = await harness();
    let closed = false;
    t.transport.onclose = () => {
      closed = true;
    };
    await t.transport.close();
    t.input.write(ping(1));
    await t.settle();
    expect(closed).toBe(true);
    expect(t.messages).toEqual([]);
  });
});
