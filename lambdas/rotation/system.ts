// The real world behind the Random and Clock ports.
import { randomBytes } from 'node:crypto';
import type { Clock, Random } from './core/ports';

/** node:crypto's CSPRNG; password.ts turns its bytes into unbiased characters. */
export const systemRandom: Random = {
  bytes: (count) => new Uint8Array(randomBytes(count)),
};

export const systemClock: Clock = { now: () => new Date() };
