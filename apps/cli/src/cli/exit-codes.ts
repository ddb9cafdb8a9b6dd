/** Exit codes scripts can rely on. */
export const EXIT_CODES = {
  /** The command did what was asked. */
  ok: 0,
  /** It could not: Redis unreachable or refusing, a critical finding, a refused confirmation. */
  failure: 1,
  /** The command line was wrong: unknown command or flag, bad value, bad configuration. */
  usage: 2,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** A failure the CLI reports as one line with a stable code and exit code. */
export class CliError extends Error {
  override name = "CliError";
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, exitCode: ExitCode = EXIT_CODES.failure) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}
