import { inspect } from "node:util";

const MASK = "********";

/**
 * A secret string (password, token) that masks itself everywhere it could leak: `String()`,
 * template literals, `JSON.stringify`, `console.log`/`util.inspect`. Only {@link Secret.reveal}
 * returns the value, at the one place that hands it to the Redis client.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. Call it only where the value is needed, never for logging. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return `Secret(${MASK})`;
  }

  /** Wraps a plain string (a Secret passes through); undefined stays undefined. */
  static from(value: string | Secret | undefined): Secret | undefined {
    if (value === undefined || value instanceof Secret) return value;
    return new Secret(value);
  }
}

/** The mask shown instead of a secret. */
export const SECRET_MASK = MASK;
