// A secret's value that does not print itself: String(), template literals, JSON.stringify,
// util.inspect and console.log all show `[secret <name>]`. Only reveal() hands out the value.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class SecretValue<T = string> {
  readonly #value: T;
  readonly #label: string;

  constructor(
    /** Catalog name (with `#field` for a field of a JSON secret); safe to log. */
    readonly name: string,
    /** Version id at the source (Secrets Manager VersionId, SSM parameter version, file fingerprint); safe to log. */
    readonly versionId: string,
    value: T,
  ) {
    this.#value = value;
    this.#label = `[secret ${name}]`;
    Object.freeze(this);
  }

  /** The value itself: pass it straight to what needs it, never to a logger. */
  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return this.#label;
  }

  toJSON(): string {
    return this.#label;
  }

  [Symbol.toPrimitive](): string {
    return this.#label;
  }

  [INSPECT](): string {
    return this.#label;
  }
}
