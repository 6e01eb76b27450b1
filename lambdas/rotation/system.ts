// The real world behind the Random and Clock ports.
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock, Random } from './core/ports';

/** node:crypto's CSPRNG; randomInt is itself unbiased (it rejects out-of-range draws). */
export const systemRandom: Random = {
  int: (maxExclusive) => randomInt(maxExclusive),
  bytes: (count) => new Uint8Array(randomBytes(count)),
};

export const systemClock: Clock = { now: () => new Date() };
