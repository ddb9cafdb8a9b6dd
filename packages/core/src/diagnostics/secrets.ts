import { SECRET_MASK } from "../config/secret.js";

/**
 * True for configuration parameters that hold a secret: `requirepass`, `masterauth` (and Valkey's
 * alias `primaryauth`), `tls-key-file-pass`, `tls-client-key-file-pass`, and any other name
 * containing `auth` as a word's end, `pass`, `secret` or `token`. `masteruser`/`primaryuser` are user
 * names, not secrets, and stay visible.
 */
export function isSecretParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return /auth$/.test(lower) || /pass|secret|token/.test(lower);
}

/** A copy of CONFIG GET output with the values of secret parameters masked; empty values stay empty, so "not set" stays visible. */
export function maskSecretParameters(config: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(config)) masked[name] = isSecretParameter(name) && value !== "" ? SECRET_MASK : value;
  return masked;
}

function maskAfter(args: string[], index: number, count: number): void {
  for (let position = index; position < Math.min(args.length, index + count); position++) args[position] = SECRET_MASK;
}

/**
 * Masks passwords in a logged command (slowlog). Redis 7 redacts these itself; older servers and
 * forks may not, and a diagnostics tool must never hand a password to an agent or a log.
 */
export function redactCommand(command: readonly string[]): string[] {
  const args = [...command];
  const name = args[0]?.toUpperCase();
  const subcommand = args[1]?.toUpperCase();
  if (name === "AUTH") maskAfter(args, 1, args.length);
  else if (name === "HELLO") {
    const auth = args.findIndex((arg) => arg.toUpperCase() === "AUTH");
    if (auth > 0) maskAfter(args, auth + 2, 1);
  } else if (name === "MIGRATE") {
    args.forEach((arg, index) => {
      const option = arg.toUpperCase();
      if (option === "AUTH") maskAfter(args, index + 1, 1);
      if (option === "AUTH2") maskAfter(args, index + 2, 1);
    });
  } else if (name === "CONFIG" && subcommand === "SET") {
    for (let index = 2; index + 1 < args.length; index += 2) {
      if (isSecretParameter(args[index] ?? "")) maskAfter(args, index + 1, 1);
    }
  } else if (name === "ACL" && subcommand === "SETUSER") {
    // ACL rules `>password`, `<password`, `#sha256`, `!sha256` carry credentials.
    args.forEach((arg, index) => {
      if (index > 2 && /^[<>#!]/.test(arg)) args[index] = SECRET_MASK;
    });
  }
  return args;
}
