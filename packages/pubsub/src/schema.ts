/**
 * A validator in the Standard Schema shape (`~standard`), which zod 4, valibot and arktype
 * schemas implement: typed channels and topics take any of them without this package depending
 * on one. Only the parts used here are declared.
 */
export interface Schema<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => SchemaResult<Output> | Promise<SchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What a {@link Schema} answers: the (possibly transformed) value, or issues. */
export type SchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> };

/** The type a schema accepts (zod's `z.input`). */
export type SchemaInput<S> = S extends Schema<infer Input, unknown> ? Input : unknown;
/** The type a schema produces (zod's `z.output`). */
export type SchemaOutput<S> = S extends Schema<unknown, infer Output> ? Output : unknown;

/** True for a Standard Schema validator. */
export function isSchema(value: unknown): value is Schema {
  if (typeof value !== "object" && typeof value !== "function") return false;
  const standard = (value as { "~standard"?: { validate?: unknown } } | null)?.["~standard"];
  return typeof standard === "object" && standard !== null && typeof standard.validate === "function";
}

/** A validation outcome: the value, or a one-line description of the issues. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

function describeIssues(issues: NonNullable<SchemaResult<unknown>["issues"]>): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" && segment !== null ? segment.key : segment)).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

function toChecked<T>(result: SchemaResult<T>): Checked<T> {
  return result.issues ? { ok: false, problem: describeIssues(result.issues) } : { ok: true, value: (result as { value: T }).value };
}

/**
 * Validates `value`; synchronous schemas answer synchronously (the common case, and the fast
 * path on every message), asynchronous ones with a promise.
 */
export function check<T>(schema: Schema<unknown, T>, value: unknown): Checked<T> | Promise<Checked<T>> {
  const result = schema["~standard"].validate(value);
  return result instanceof Promise ? result.then(toChecked) : toChecked(result);
}
