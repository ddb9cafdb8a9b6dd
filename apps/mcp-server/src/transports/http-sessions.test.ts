import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpSessions } from "./http-sessions.js";

function closable() {
  return { close: vi.fn(async () => {}) };
}

describe("HttpSessions", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const limits = { idleTimeoutMs: 60_000, maxSessions: 3, maxSessionsFor: (principal: string) => (principal === "anonymous" ? undefined : 2) };

  it("holds each principal to its quota, counting initializations in progress", () => {
    const sessions = new HttpSessions(limits);
    const first = sessions.reserve("token-a");
    const second = sessions.reserve("token-a");
    expect(sessions.reserve("token-a")).toBe("quota-full");
    if (typeof first === "string" || typeof second === "string") throw new Error("refused");
    first.open("s1", closable());
    second.release();
    expect(sessions.countFor("token-a")).toBe(1);
    expect(typeof sessions.reserve("token-a")).toBe("object");
  });

  it("never lets one principal take another's room, and caps the server", () => {
    const sessions = new HttpSessions(limits);
    for (const id of ["a1", "a2"]) {
      const reservation = sessions.reserve("token-a");
      if (typeof reservation === "string") throw new Error("refused");
      reservation.open(id, closable());
    }
    expect(sessions.reserve("token-a")).toBe("quota-full");
    const other = sessions.reserve("token-b");
    if (typeof other === "string") throw new Error("token-b was locked out");
    other.open("b1", closable());
    expect(sessions.reserve("anonymous")).toBe("server-full");
  });

  it("closes a session idle for the timeout, and only then", () => {
    const sessions = new HttpSessions(limits);
    const idle = closable();
    const reservation = sessions.reserve("token-a");
    if (typeof reservation === "string") throw new Error("refused");
    reservation.open("s1", idle);
    vi.advanceTimersByTime(59_000);
    expect(idle.close).not.toHaveBeenCalled();
    vi.advanceTimersByTime(21_000);
    expect(idle.close).toHaveBeenCalledOnce();
    expect(sessions.get("s1")).toBeUndefined();
    expect(sessions.countFor("token-a")).toBe(0);
  });

  it("keeps a session with a request in progress or recent activity", () => {
    const sessions = new HttpSessions(limits);
    const busy = closable();
    const reservation = sessions.reserve("token-a");
    if (typeof reservation === "string") throw new Error("refused");
    reservation.open("s1", busy);
    sessions.begin("s1", true);
    vi.advanceTimersByTime(300_000);
    expect(busy.close).not.toHaveBeenCalled();
    sessions.end("s1", true);
    vi.advanceTimersByTime(50_000);
    expect(busy.close).not.toHaveBeenCalled();
    // An open event stream is not work: the session still expires.
    sessions.begin("s1", false);
    vi.advanceTimersByTime(90_000);
    expect(busy.close).toHaveBeenCalledOnce();
  });

  it("forgets deleted sessions and gives their room back", () => {
    const sessions = new HttpSessions(limits);
    const reservation = sessions.reserve("token-a");
    if (typeof reservation === "string") throw new Error("refused");
    reservation.open("s1", closable());
    sessions.delete("s1");
    sessions.delete("s1");
    expect(sessions.size).toBe(0);
    expect(sessions.countFor("token-a")).toBe(0);
  });
});
