import { describe, expect, it } from "vitest";
import { z } from "zod";
import { check, isSchema } from "./schema.js";

describe("check", () => {
  it("answers synchronously for a synchronous zod schema, with the parsed output", () => {
    const schema = z.object({ at: z.string().transform((value) => new Date(value)) });
    const checked = check(schema, { at: "2026-01-01T00:00:00Z" });
    expect(checked).not.toBeInstanceOf(Promise);
    expect(checked).toEqual({ ok: true, value: { at: new Date("2026-01-01T00:00:00Z") } });
  });

  it("describes the issues with their paths", () => {
    const checked = check(z.object({ order: z.object({ id: z.number() }) }), { order: { id: "7" } });
    expect(checked).toMatchObject({ ok: false });
    expect((checked as { problem: string }).problem).toMatch(/^order\.id: /);
  });

  it("answers with a promise for an asynchronous schema", async () => {
    const schema = z.string().refine(async (value) => value.startsWith("ok"));
    const checked = check(schema, "ok then");
    expect(checked).toBeInstanceOf(Promise);
    expect(await checked).toEqual({ ok: true, value: "ok then" });
    expect(await check(schema, "no")).toMatchObject({ ok: false });
  });
});

describe("isSchema", () => {
  it("recognises Standard Schema validators only", () => {
    expect(isSchema(z.string())).toBe(true);
    expect(isSchema({ parse() {} })).toBe(false);
    expect(isSchema(null)).toBe(false);
  });
});
