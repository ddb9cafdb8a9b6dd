import { describe, expect, it } from "vitest";
import { indexesOfKeys, keyIndexes, parseCommandInfo } from "./command-key-spec.js";

// Shapes as Redis 7.0 with RedisBloom 2.4 replies them (RESP2 / legacy mapping).
const BF_MADD = ["bf.madd", -1, ["write", "denyoom", "module"], 1, 1, 1, [], [], [["flags", ["RW"]]], []];
const MSET = ["mset", -3, ["write", "denyoom"], 1, -1, 2, ["@write"], [], [], []];
const CONFIG = [
  "config",
  -2,
  [],
  0,
  0,
  0,
  [],
  [],
  [],
  [
    ["config|get", -3, [], 0, 0, 0],
    ["config|set", -4, [], 0, 0, 0],
  ],
];

describe("parseCommandInfo", () => {
  it("reads name, flags and the key triple", () => {
    const spec = parseCommandInfo(BF_MADD);
    expect(spec).toMatchObject({ name: "bf.madd", firstKey: 1, lastKey: 1, keyStep: 1, subcommands: [] });
    expect([...(spec?.flags ?? [])]).toEqual(["write", "denyoom", "module"]);
  });

  it("lists subcommands of a container command", () => {
    expect(parseCommandInfo(CONFIG)?.subcommands).toEqual(["config|get", "config|set"]);
  });

  it("is null for a command the server does not know (a nil entry)", () => {
    expect(parseCommandInfo(null)).toBeNull();
    expect(parseCommandInfo(undefined)).toBeNull();
  });

  it("reads Buffer names (a buffer reply) as text", () => {
    expect(parseCommandInfo([Buffer.from("BF.INFO"), -1, [Buffer.from("readonly")], 1, 1, 1])?.name).toBe("bf.info");
  });
});

describe("keyIndexes", () => {
  it("finds the single key of BF.MADD key item...", () => {
    const spec = parseCommandInfo(BF_MADD);
    if (!spec) throw new Error("no spec");
    expect(keyIndexes(spec, ["filter", "a", "b"])).toEqual([0]);
  });

  it("follows a negative last key and a step (MSET k v k v)", () => {
    const spec = parseCommandInfo(MSET);
    if (!spec) throw new Error("no spec");
    expect(keyIndexes(spec, ["a", "1", "b", "2"])).toEqual([0, 2]);
  });

  it("finds no keys for a keyless command", () => {
    const spec = parseCommandInfo(CONFIG);
    if (!spec) throw new Error("no spec");
    expect(keyIndexes(spec, ["get", "maxmemory"])).toEqual([]);
  });

  it("never points past the arguments given", () => {
    const spec = parseCommandInfo(["x", -1, [], 1, 3, 1]);
    if (!spec) throw new Error("no spec");
    expect(keyIndexes(spec, ["only"])).toEqual([0]);
  });
});

describe("indexesOfKeys", () => {
  it("maps keys COMMAND GETKEYS returned to their arguments", () => {
    expect(indexesOfKeys(["dest", "a", "b"], ["dest", "2", "a", "b", "WEIGHTS", "1", "1"])).toEqual([0, 2, 3]);
  });

  it("takes every occurrence when a key is named as often as it appears", () => {
    expect(indexesOfKeys(["a", "a"], ["a", "2", "a"])).toEqual([0, 2]);
  });

  it("is null when a key's text also appears as a non-key argument", () => {
    expect(indexesOfKeys(["dest"], ["dest", "ITEMS", "dest"])).toBeNull();
  });
});
