// The CLI's error type and exit codes. Every failure the operator sees is a CliError: one line
// saying what failed, one saying what to do next, and the exit code scripts branch on.
// Never put a secret value in a message: messages go to stderr and into CI logs.

/** Documented exit codes (docs/cli.md). */
export const EXIT = {
  /** Everything fine. */
  ok: 0,
  /** Something was found (status at or above --fail-on, a secret not found) or an operation failed. */
  failed: 1,
  /** Bad usage: unknown option or command, missing argument, bad catalog. Nothing was changed. */
  usage: 2,
  /** AWS refused (AccessDenied, expired or missing credentials) or was unreachable. */
  aws: 3,
  /** Refused for safety: wrong account, rotation in progress, no confirmation off a TTY. */
  safety: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliErrorOptions extends ErrorOptions {
  /** What to do next (second line on stderr). */
  readonly hint?: string;
}

export class CliError extends Error {
  readonly hint?: string;
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options: CliErrorOptions = {},
  ) {
    super(message, options);
    this.name = 'CliError';
    this.hint = options.hint;
  }
}

/** Bad arguments or input files: exit 2. */
export function usageError(message: string, hint?: string, cause?: unknown): CliError {
  return new CliError(message, EXIT.usage, { hint, cause });
}

/** Refused for safety: exit 4. */
export function safetyError(message: string, hint?: string, cause?: unknown): CliError {
  return new CliError(message, EXIT.safety, { hint, cause });
}

/** AWS refused or was unreachable: exit 3. */
export function awsError(message: string, hint?: string, cause?: unknown): CliError {
  return new CliError(message, EXIT.aws, { hint, cause });
}

/** Not found / failed: exit 1. */
export function failedError(message: string, hint?: string, cause?: unknown): CliError {
  return new CliError(message, EXIT.failed, { hint, cause });
}

/**
 * The lines written to stderr for an error: `warden: <message>` and the hint; with debug, the
 * stack and the chain of causes (names and messages only: no error here carries a value).
 */
export function formatError(error: unknown, debug: boolean): string {
  if (error instanceof QuietExit) return '';
  const lines: string[] = [];
  if (error instanceof CliError) {
    lines.push(`warden: ${error.message}`);
    if (error.hint) lines.push(`  ${error.hint}`);
  } else if (error instanceof Error) {
    lines.push(`warden: unexpected ${error.name}: ${error.message}`);
    lines.push('  This is a bug in warden: run again with --debug and report the output.');
  } else {
    lines.push(`warden: unexpected failure: ${String(error)}`);
  }
  if (debug) {
    let depth = 0;
    for (const current of causeChain(error)) {
      lines.push(depth === 0 ? String(current.stack) : `caused by: ${String(current.stack)}`);
      depth += 1;
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `error` and the errors of its `cause` chain, outermost first, at most six (stops at a non-Error). */
export function* causeChain(error: unknown): Generator<Error> {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 6; depth += 1) {
    yield current;
    current = current.cause;
  }
}

/** The exit code for any thrown value: a CliError's own, else 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError || error instanceof QuietExit ? error.exitCode : EXIT.failed;
}

/** Ends a command with an exit code and no message (e.g. `status` found something: exit 1). */
export class QuietExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'QuietExit';
  }
}

/** Ctrl-C while waiting (the conventional 128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;
