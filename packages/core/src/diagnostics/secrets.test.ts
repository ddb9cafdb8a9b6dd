import { describe, expect, it } from "vitest";
import { SECRET_MASK } from "../config/secret.js";
import { isSecretParameter, maskSecretParameters, redactCommand } from "./secrets.js";

describe("secret configuration parameters", () => {
  it("recognises password parameters and leaves the rest alone", () => {
    for (const name of ["requirepass", "masterauth", "primaryauth", "tls-key-file-pass", "tls-client-key-file-pass", "MASTERAUTH", "sentinel-auth-pass"]) {
      expect(isSecretParameter(name), name).toBe(true);
    }
    for (const name of ["masteruser", "primaryuser", "maxmemory", "tls-auth-clients", "aclfile", "appendonly", "tls-key-file"]) {
      expect(isSecretParameter(name), name).toBe(false);
    }
  });

  it("masks set secrets and keeps empty ones visible as not set", () => {
    expect(maskSecretParameters({ requirepass: "hunter2", masterauth: "", maxmemory: "0", masteruser: "replicator" })).toEqual({
      requirepass: SECRET_MASK,
      masterauth: "",
      maxmemory: "0",
      masteruser: "replicator",
    });
  });
});

describe("redactCommand", () => {
  it.each([
    [
      ["AUTH", "hunter2"],
      ["AUTH", SECRET_MASK],
    ],
    [
      ["auth", "admin", "hunter2"],
      ["auth", SECRET_MASK, SECRET_MASK],
    ],
    [
      ["HELLO", "3", "AUTH", "admin", "hunter2", "SETNAME", "app"],
      ["HELLO", "3", "AUTH", "admin", SECRET_MASK, "SETNAME", "app"],
    ],
    [
      ["CONFIG", "SET", "maxmemory", "1gb", "requirepass", "hunter2"],
      ["CONFIG", "SET", "maxmemory", "1gb", "requirepass", SECRET_MASK],
    ],
    [
      ["MIGRATE", "h", "6379", "", "0", "5000", "AUTH2", "user", "hunter2", "KEYS", "a"],
      ["MIGRATE", "h", "6379", "", "0", "5000", "AUTH2", "user", SECRET_MASK, "KEYS", "a"],
    ],
    [
      ["MIGRATE", "h", "6379", "k", "0", "5000", "AUTH", "hunter2"],
      ["MIGRATE", "h", "6379", "k", "0", "5000", "AUTH", SECRET_MASK],
    ],
    [
      ["ACL", "SETUSER", "bob", "on", ">hunter2", "~*", "+@all"],
      ["ACL", "SETUSER", "bob", "on", SECRET_MASK, "~*", "+@all"],
    ],
    [
      ["GET", "password"],
      ["GET", "password"],
    ],
    [[], []],
  ])("%j", (command, expected) => {
    expect(redactCommand(command)).toEqual(expected);
  });
});
