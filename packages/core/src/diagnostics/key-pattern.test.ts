import { describe, expect, it } from "vitest";
import { foldPatterns, keyPattern } from "./key-pattern.js";

describe("keyPattern", () => {
  it.each([
    ["user:123:profile", "user:{id}:profile"],
    ["user:9f8e7d6c5b4a39281706f5e4d3c2b1a0:profile", "user:{id}:profile"],
    ["session:4f1d2c3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f", "session:{id}"],
    ["session:4F1D2C3E-8A9B-4C5D-9E0F-1A2B3C4D5E6F:data", "session:{id}:data"],
    ["cache:v2:/api/items?page=3", "cache:v2:/api/items?page={id}"],
    ["cache:v2:/api/users/42/orders/7", "cache:v2:/api/users/{id}/orders/{id}"],
    ["order{42}:items", "order{id}:items"],
    ["sess:{abc123}", "sess:{id}"],
    ["{user:7}:cart", "{user:{id}}:cart"],
    ["metrics:{requests}:count", "metrics:{requests}:count"],
    ["metrics:{http.requests}:1732636800", "metrics:{http.requests}:{id}"],
    ["events:2026-11-26", "events:{id}"],
    ["events:2026-11-26T10:15:00Z:count", "events:{id}:count"],
    ["events:2026-11-26 10:15:00.123+01:00", "events:{id}"],
    ["log:20261126", "log:{id}"],
    ["log:2026/11/26", "log:{id}"],
    ["a key without separators", "a key without separators"],
    ["simple", "simple"],
    ["rate:192.168.0.1", "rate:{id}"],
    ["rate:10.0.0.7:8080", "rate:{id}:{id}"],
    ["user:alice@example.com:prefs", "user:{id}:prefs"],
    ["obj:507f1f77bcf86cd799439011", "obj:{id}"],
    ["job:01ARZ3NDEKTSV4RRFFQ69G5FAV", "job:{id}"],
    ["token:Zx8kQ2mP9vL4nR7tY1wE", "token:{id}"],
    ["token:k3j4h5g6f7d8s9a0", "token:{id}"],
    ["api-key:sk_live_4eC39HqLyjWDarjtT1zdp7dc", "api-key:{id}"],
    ["user-42", "user-{id}"],
    ["rate-limit:user_42", "rate-limit:user_{id}"],
    ["queue:emails:pending", "queue:emails:pending"],
    ["cfg:UserProfileSettingsV2", "cfg:UserProfileSettingsV2"],
    ["hash:sha256:deadbeefcafe0123", "hash:sha256:{id}"],
    ["video:h264:v2", "video:h264:v2"],
    ["invoice:abc12345", "invoice:{id}"],
    ["version:1.2.3", "version:{id}"],
    ["bull:emails:1234:lock", "bull:emails:{id}:lock"],
    ["", ""],
    [":leading:and:trailing:", ":leading:and:trailing:"],
    ["double::colon:5", "double::colon:{id}"],
    ["open{brace:9", "open{brace:{id}"],
    ["empty{}tag", "empty{}tag"],
  ])("%j → %j", (key, pattern) => {
    expect(keyPattern(key)).toBe(pattern);
  });

  it("gives keys of one family one pattern", () => {
    const keys = Array.from({ length: 50 }, (_, index) => `user:${index * 7919}:profile`);
    expect(new Set(keys.map(keyPattern))).toEqual(new Set(["user:{id}:profile"]));
  });

  it("does not confuse a literal private-use character with an id", () => {
    expect(keyPattern("odd:\uE000name")).toBe("odd:name");
  });
});

describe("foldPatterns", () => {
  it("folds a segment with many literal values into {id}", () => {
    const names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"];
    const patterns = [...names.map((name) => `user:${name}:profile`), "user:{id}:profile", "config:feature-a", "config:feature-b"];
    const folded = foldPatterns(patterns, 10);
    for (const name of names) expect(folded.get(`user:${name}:profile`)).toBe("user:{id}:profile");
    expect(folded.get("user:{id}:profile")).toBe("user:{id}:profile");
    expect(folded.get("config:feature-a")).toBe("config:feature-a");
  });

  it("leaves segments with few values and groups of other lengths alone", () => {
    const patterns = ["cache:v1:page", "cache:v2:page", "cache:v3:page", ...Array.from({ length: 9 }, (_, index) => `a:x${"y".repeat(index)}`), "a:b:c"];
    const folded = foldPatterns(patterns, 10);
    expect([...folded].filter(([from, to]) => from !== to)).toEqual([]);
  });

  it("treats a hash tag with a colon inside as one segment", () => {
    const patterns = Array.from({ length: 10 }, (_, index) => `{user:{id}}:${"abcdefghij"[index]}name`);
    const folded = foldPatterns(patterns, 10);
    expect(new Set(folded.values())).toEqual(new Set(["{user:{id}}:{id}"]));
  });
});
