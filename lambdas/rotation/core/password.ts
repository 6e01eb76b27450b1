// Passwords and tokens drawn uniformly from an alphabet. Rejection sampling over random bytes keeps
// every character equally likely: `byte % n` alone would favour the first 256 % n characters.
import { integerEnv } from '../../shared/env';
import { InputError } from '../../shared/errors';
import type { Random } from './ports';

export const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
export const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';
/** Printable ASCII 33-126 that is neither a letter nor a digit (32 characters). */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** The six characters AWS's rotation functions exclude by default: they break connection strings and shells. */
export const DEFAULT_EXCLUDE_CHARACTERS = ':/@"\'\\';
const DEFAULT_PASSWORD_LENGTH = 32;
const MAX_PASSWORD_LENGTH = 1024;

export interface PasswordOptions {
  readonly length?: number;
  readonly exclude?: string;
}

/** The classes left after exclusion (an emptied class is simply not required). */
function passwordClasses(exclude = DEFAULT_EXCLUDE_CHARACTERS): string[] {
  const excluded = new Set(exclude);
  return [LOWERCASE, UPPERCASE, DIGITS, PUNCTUATION]
    .map((cls) => [...cls].filter((c) => !excluded.has(c)).join(''))
    .filter((cls) => cls.length > 0);
}

/** A uniform index in [0, n) for 1 <= n <= 256, by rejection sampling over single bytes. */
function sampler(random: Random, n: number): () => number {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`alphabet size must be 1..256, got ${n}`);
  // Largest multiple of n that fits in a byte: bytes at or above it are redrawn.
  const limit = 256 - (256 % n);
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  return () => {
    for (;;) {
      if (at >= pool.length) {
        pool = random.bytes(64);
        at = 0;
      }
      const byte = pool[at++]!;
      if (byte < limit) return byte % n;
    }
  };
}

/** `length` characters, each uniform over `alphabet` (at most 256 distinct characters). */
export function randomString(random: Random, alphabet: string, length: number): string {
  const chars = [...new Set(alphabet)];
  const next = sampler(random, chars.length);
  let out = '';
  for (let i = 0; i < length; i += 1) out += chars[next()];
  return out;
}

/**
 * A password uniform over the allowed printable ASCII characters with at least one character of
 * each class still allowed. Whole passwords missing a class are redrawn, which keeps the result
 * uniform over all passwords that satisfy the rule.
 */
export function generatePassword(random: Random, options: PasswordOptions = {}): string {
  const length = options.length ?? DEFAULT_PASSWORD_LENGTH;
  const classes = passwordClasses(options.exclude ?? DEFAULT_EXCLUDE_CHARACTERS);
  if (classes.length === 0) throw new InputError('EXCLUDE_CHARACTERS', 'excludes every printable character', 'exclude fewer characters');
  if (!Number.isInteger(length) || length < classes.length || length > MAX_PASSWORD_LENGTH) {
    throw new InputError('PASSWORD_LENGTH', `must be an integer from ${classes.length} to ${MAX_PASSWORD_LENGTH}, got ${length}`, 'set a longer length');
  }
  const alphabet = classes.join('');
  for (let attempt = 0; attempt < 10_000; attempt += 1) {
    const candidate = randomString(random, alphabet, length);
    if (classes.every((cls) => [...candidate].some((c) => cls.includes(c)))) return candidate;
  }
  // Only reachable with a broken Random (e.g. constant bytes).
  throw new Error('could not draw a password containing every character class; the random source looks broken');
}

/** PASSWORD_LENGTH (default 32) and EXCLUDE_CHARACTERS (default `:/@"'\`; empty = exclude nothing). */
export function passwordOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): Required<PasswordOptions> {
  const exclude = env.EXCLUDE_CHARACTERS ?? DEFAULT_EXCLUDE_CHARACTERS;
  const classes = passwordClasses(exclude);
  if (classes.length === 0) {
    throw new InputError('environment variable EXCLUDE_CHARACTERS', 'excludes every printable ASCII character', 'remove characters from EXCLUDE_CHARACTERS');
  }
  const length = integerEnv('PASSWORD_LENGTH', DEFAULT_PASSWORD_LENGTH, Math.max(8, classes.length), MAX_PASSWORD_LENGTH, env as NodeJS.ProcessEnv);
  return { length, exclude };
}
