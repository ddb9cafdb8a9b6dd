import { describe, expect, it } from "vitest";
import { SubscriptionRegistry, type SubscriptionTransport } from "./subscription-registry.js";

/** Records every command and lets the test decide when each one answers. */
class ScriptedTransport implements SubscriptionTransport {
  readonly log: string[] = [];
  readonly redis = new Set<string>();
  #pending: { settle(): void; fail(error: Error): void }[] = [];
  autoAnswer = true;

  subscribe(name: string): Promise<unknown> {
    return this.#command(`subscribe ${name}`, () => this.redis.add(name));
  }

  unsubscribe(name: string): Promise<unknown> {
    return this.#command(`unsubscribe ${name}`, () => this.redis.delete(name));
  }

  #command(entry: string, apply: () => void): Promise<unknown> {
    this.log.push(entry);
    return new Promise((resolve, reject) => {
      const settle = () => {
        apply();
        resolve(undefined);
      };
      if (this.autoAnswer) queueMicrotask(settle);
      else this.#pending.push({ settle, fail: reject });
    });
  }

  answerAll(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const command of pending) command.settle();
  }

  failAll(error: Error): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const command of pending) command.fail(error);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("SubscriptionRegistry", () => {
  it("sends one SUBSCRIBE per name for every listener and UNSUBSCRIBE when the last leaves", async () => {
    const transport = new ScriptedTransport();
    const registry = new SubscriptionRegistry<string>(transport);
    await registry.add(["a", "b"], "first");
    await registry.add(["a"], "second");
    expect(transport.log).toEqual(["subscribe a", "subscribe b"]);
    expect([...(registry.listeners("a") ?? [])]).toEqual(["first", "second"]);
    await registry.remove(["a", "b"], "first");
    expect(transport.log).toEqual(["subscribe a", "subscribe b", "unsubscribe b"]);
    await registry.remove(["a"], "second");
    expect(transport.log.at(-1)).toBe("unsubscribe a");
    expect(transport.redis.size).toBe(0);
    expect(registry.size).toBe(0);
    expect(registry.snapshot()).toEqual([]);
  });

  it("sends nothing when a listener leaves and another joins in the same tick", async () => {
    const transport = new ScriptedTransport();
    const registry = new SubscriptionRegistry<string>(transport);
    await registry.add(["a"], "first");
    await Promise.all([registry.remove(["a"], "first"), registry.add(["a"], "second")]);
    expect(transport.log).toEqual(["subscribe a"]);
    expect(registry.snapshot()).toEqual([{ name: "a", listeners: 1 }]);
  });

  it("never overlaps commands for one name: subscribe while the unsubscribe is in flight ends subscribed, with no duplicate", async () => {
    const transport = new ScriptedTransport();
    const registry = new SubscriptionRegistry<string>(transport);
    await registry.add(["a"], "first");
    transport.autoAnswer = false;
    const leaving = registry.remove(["a"], "first");
    await tick();
    expect(transport.log).toEqual(["subscribe a", "unsubscribe a"]);
    const joining = registry.add(["a"], "second");
    await tick();
    expect(transport.log).toEqual(["subscribe a", "unsubscribe a"]);
    transport.answerAll();
    await tick();
    expect(transport.log).toEqual(["subscribe a", "unsubscribe a", "subscribe a"]);
    transport.answerAll();
    await Promise.all([leaving, joining]);
    expect(transport.redis.has("a")).toBe(true);
    expect(registry.snapshot()).toEqual([{ name: "a", listeners: 1 }]);
  });

  it("unsubscribe while the subscribe is in flight ends unsubscribed: no leaked subscription", async () => {
    const transport = new ScriptedTransport();
    const registry = new SubscriptionRegistry<string>(transport);
    transport.autoAnswer = false;
    const joining = registry.add(["a"], "first");
    await tick();
    const leaving = registry.remove(["a"], "first");
    transport.answerAll();
    await tick();
    transport.answerAll();
    await Promise.all([joining, leaving]);
    expect(transport.log).toEqual(["subscribe a", "unsubscribe a"]);
    expect(transport.redis.size).toBe(0);
    expect(registry.size).toBe(0);
  });

  it("many interleaved calls on one name send alternating commands only and settle on what the listeners want", async () => {
    const transport = new ScriptedTransport();
    const registry = new SubscriptionRegistry<number>(transport);
    const calls: Promise<void>[] = [];
    for (let index = 0; index < 50; index++) {
      calls.push(registry.add(["a"], index));
      if (index % 2 === 0) calls.push(registry.remove(["a"], index));
    }
    await Promise.all(calls);
    for (let index = 1; index < transport.log.length; index++) expect(transport.log[index]).not.toBe(transport.log[index - 1]);
    expect(transport.redis.has("a")).toBe(true);
    expect(registry.listeners("a")?.size).toBe(25);
    await Promise.all([...Array(50).keys()].map((index) => registry.remove(["a"], index)));
    expect(transport.redis.size).toBe(0);
    expect(registry.size).toBe(0);
  });

  it("takes the listener off again when subscribing fails, and retries on reconcileAll", async () => {
    const transport = new ScriptedTransport();
    const registry = new SubscriptionRegistry<string>(transport);
    transport.autoAnswer = false;
    const joining = registry.add(["a"], "first");
    await tick();
    transport.failAll(new Error("Connection is closed."));
    await expect(joining).rejects.toThrow("Connection is closed.");
    expect(registry.listeners("a")).toBeUndefined();
    expect(registry.size).toBe(0);

    transport.autoAnswer = true;
    await registry.add(["b"], "second");
    transport.autoAnswer = false;
    const leaving = registry.remove(["b"], "second");
    await tick();
    transport.failAll(new Error("Connection is closed."));
    await expect(leaving).rejects.toThrow();
    // Redis may still have it: the entry stays until an unsubscribe succeeds.
    expect(registry.size).toBe(1);
    transport.autoAnswer = true;
    await registry.reconcileAll();
    expect(registry.size).toBe(0);
    expect(transport.redis.size).toBe(0);
  });
});
