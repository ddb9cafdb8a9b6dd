import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { exitQuietlyOnClosedPipe } from "./closed-pipe.js";

function fakeProcess() {
  const exits: number[] = [];
  const target = {
    stdout: new EventEmitter(),
    stderr: Object.assign(new EventEmitter(), { write: () => true }),
    exit: ((code: number) => {
      exits.push(code);
      throw new Error("exited");
    }) as (code: number) => never,
  };
  exitQuietlyOnClosedPipe(target);
  return { target, exits };
}

const closed = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });

describe("exitQuietlyOnClosedPipe", () => {
  it("exits 0 when stdout's reader has gone", () => {
    const { target, exits } = fakeProcess();
    expect(() => target.stdout.emit("error", closed)).toThrow("exited");
    expect(exits).toEqual([0]);
  });

  it("carries on when stderr's reader has gone", () => {
    const { target, exits } = fakeProcess();
    expect(target.stderr.emit("error", closed)).toBe(true);
    expect(target.stderr.emit("error", Object.assign(new Error("destroyed"), { code: "ERR_STREAM_DESTROYED" }))).toBe(true);
    expect(exits).toEqual([]);
  });

  it("lets any other write error through", () => {
    const { target, exits } = fakeProcess();
    const broken = Object.assign(new Error("write EIO"), { code: "EIO" });
    expect(() => target.stdout.emit("error", broken)).toThrow("write EIO");
    expect(() => target.stderr.emit("error", broken)).toThrow("write EIO");
    expect(exits).toEqual([]);
  });
});
