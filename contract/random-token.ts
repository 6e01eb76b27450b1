// The strength of a random token, shared by the CDK app (which computes the environment's floor,
// RANDOM_MIN_BITS, from the catalog) and the rotation function (which refuses tags below it).

type RandomTokenEncoding = 'alphanumeric' | 'base64url' | 'hex' | 'printable';

/** Alphabet sizes of the encodings (lambdas/rotation/core/random-token.ts ALPHABETS; a test keeps them equal). */
export const RANDOM_ALPHABET_SIZES: Readonly<Record<RandomTokenEncoding, number>> = { alphanumeric: 62, base64url: 64, hex: 16, printable: 94 };

/** Bits of randomness in a token: length x log2(alphabet size), rounded down. */
export function randomBits(settings: { readonly length: number; readonly encoding: RandomTokenEncoding }): number {
  return Math.floor(settings.length * Math.log2(RANDOM_ALPHABET_SIZES[settings.encoding]));
}
