import { describe, expect, it } from "vitest";
import { DashboardFeed } from "./dashboard-feed.js";

/** Resolves once `condition` holds, checking after every turn of the event loop (at most 10 s). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition never held");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("DashboardFeed", () => {
  it("reads once per refresh for every listener, and hands each the same event", async () => {
    let reads = 0;
    const feed = new DashboardFeed(async () => `event ${++reads}`, 20);
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = feed.subscribe((event) => first.push(event));
    const stopSecond = feed.subscribe((event) => second.push(event));
    await until(() => first.length >= 4);
    stopFirst();
    stopSecond();
    feed.close();
    // The second listener joined before the first read finished: it saw every event too.
    expect(second.slice(0, 3)).toEqual(first.slice(0, 3));
    expect(reads).toBeLessThanOrEqual(first.length + 1);
  });

  it("stops reading with no listener, and a late listener gets the last event at once", async () => {
    let reads = 0;
    const feed = new DashboardFeed(async () => `event ${++reads}`, 20);
    const events: string[] = [];
    const stop = feed.subscribe((event) => events.push(event));
    await until(() => events.length >= 2);
    stop();
    const readsWhenStopped = reads;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(reads).toBeLessThanOrEqual(readsWhenStopped + 1);
    const lastRead = reads;
    const late: string[] = [];
    feed.subscribe((event) => late.push(event));
    expect(late).toEqual([`event ${lastRead}`]);
    feed.close();
  });

  it("keeps polling after a read that throws", async () => {
    let reads = 0;
    const feed = new DashboardFeed(async () => {
      reads++;
      if (reads === 1) throw new Error("boom");
      return `event ${reads}`;
    }, 10);
    const events: string[] = [];
    feed.subscribe((event) => events.push(event));
    await until(() => events.length >= 1);
    feed.close();
    expect(events[0]).toBe("event 2");
  });
});
