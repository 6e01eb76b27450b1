import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXCLUDE_CHARACTERS,
  DIGITS,
  LOWERCASE,
  PUNCTUATION,
  UPPERCASE,
  generatePassword,
  passwordOptionsFromEnv,
  randomString,
} from '../../../lambdas/rotation/core/password';
import type { Random } from '../../../lambdas/rotation/core/ports';
import { InputError } from '../../../lambdas/shared/errors';
import { seededRandom } from './helpers';

const PRINTABLE = [...Array(94)].map((_, i) => String.fromCharCode(33 + i)).join('');

function chiSquare(counts: Map<string, number>, alphabet: string, total: number): number {
  const expected = total / alphabet.length;
  return [...alphabet].reduce((sum, c) => sum + ((counts.get(c) ?? 0) - expected) ** 2 / expected, 0);
}

function tally(strings: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of strings) for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

describe('generatePassword', () => {
  it('draws 32 printable ASCII characters without the six default exclusions', () => {
    const password = generatePassword(seededRandom(1));

    expect(password).toHaveLength(32);
    expect([...password].every((c) => PRINTABLE.includes(c) && !DEFAULT_EXCLUDE_CHARACTERS.includes(c))).toBe(true);
    expect(DEFAULT_EXCLUDE_CHARACTERS).toBe(':/@"\'\\');
  });

  it('is uniform over the allowed alphabet (chi-square far below the bound a modulo bias would exceed)', () => {
    const alphabet = [...PRINTABLE].filter((c) => !DEFAULT_EXCLUDE_CHARACTERS.includes(c)).join('');
    const random = seededRandom(42);

    const passwords = Array.from({ length: 2000 }, () => generatePassword(random));

    // 88 characters: 87 degrees of freedom, mean 87, sd about 13. `byte % 88` would give about 600.
    expect(alphabet).toHaveLength(88);
    expect(chiSquare(tally(passwords), alphabet, 2000 * 32)).toBeLessThan(200);
  });

  it('contains at least one character of every included class, even at the minimum length', () => {
    const random = seededRandom(7);

    const passwords = Array.from({ length: 500 }, () => generatePassword(random, { length: 4 }));

    for (const cls of [LOWERCASE, UPPERCASE, DIGITS, PUNCTUATION]) {
      expect(passwords.every((p) => [...p].some((c) => cls.includes(c)))).toBe(true);
    }
  });

  it('drops a class that is fully excluded and never uses an excluded character', () => {
    const random = seededRandom(9);

    const passwords = Array.from({ length: 200 }, () => generatePassword(random, { length: 12, exclude: DIGITS + 'aA' }));

    expect(passwords.join('')).not.toMatch(/[0-9aA]/);
  });

  it('rejects a length below the number of classes and an exclusion of everything', () => {
    expect(() => generatePassword(seededRandom(1), { length: 3 })).toThrow(InputError);
    expect(() => generatePassword(seededRandom(1), { exclude: PRINTABLE })).toThrow(/excludes every printable character/);
  });
});

describe('randomString', () => {
  it('redraws bytes at or above the largest multiple of the alphabet size', () => {
    // 88 characters: bytes 176..255 would wrap onto the first 80 characters, so they are discarded.
    const script = [176, 255, 5];
    const random: Random = { bytes: (n) => Uint8Array.from({ length: n }, () => script.shift() ?? 0) };
    const alphabet = [...PRINTABLE].filter((c) => !DEFAULT_EXCLUDE_CHARACTERS.includes(c)).join('');

    expect(randomString(random, alphabet, 1)).toBe(alphabet[5]);
  });

  it('is uniform over a 62-character alphabet', () => {
    const alphabet = UPPERCASE + LOWERCASE + DIGITS;
    const random = seededRandom(3);

    const strings = Array.from({ length: 1000 }, () => randomString(random, alphabet, 64));

    // 61 degrees of freedom, mean 61, sd 11; `byte % 62` would give about 420.
    expect(chiSquare(tally(strings), alphabet, 64_000)).toBeLessThan(140);
  });
});

describe('passwordOptionsFromEnv', () => {
  it('defaults to 32 characters and the six exclusions; an empty EXCLUDE_CHARACTERS excludes nothing', () => {
    expect(passwordOptionsFromEnv({})).toEqual({ length: 32, exclude: DEFAULT_EXCLUDE_CHARACTERS });
    expect(passwordOptionsFromEnv({ PASSWORD_LENGTH: '40', EXCLUDE_CHARACTERS: '' })).toEqual({ length: 40, exclude: '' });
  });

  it.each([['abc'], ['7'], ['12.5'], ['5000']])('rejects PASSWORD_LENGTH=%s naming the variable', (value) => {
    expect(() => passwordOptionsFromEnv({ PASSWORD_LENGTH: value })).toThrow(/environment variable PASSWORD_LENGTH/);
  });

  it('rejects EXCLUDE_CHARACTERS that leaves nothing to draw from', () => {
    expect(() => passwordOptionsFromEnv({ EXCLUDE_CHARACTERS: PRINTABLE })).toThrow(/environment variable EXCLUDE_CHARACTERS/);
  });
});
