// The root of secrets-warden's error tree. Every error keeps its `cause` and says what happened,
// to what, and what to do; none ever carries a secret value.

export class WardenError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input (event, secret value, catalog, CLI argument): names the field and the fix; nothing was changed. */
export class InputError extends WardenError {
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly fix: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${problem}; ${fix}`, options);
  }
}

/** A message safe to log for any thrown value: the error's name and message, and those of its causes. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current != null && depth < 5; depth += 1) {
    if (current instanceof Error) {
      parts.push(parts.length === 0 ? current.message : `caused by ${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join(' <- ');
}
