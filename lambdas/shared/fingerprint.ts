// The only thing ever kept of a credential: a short prefix, the length and a fingerprint. Shared by
// the inventory (plaintext credentials), `warden get` (masked fields) and anything else that must
// recognise a value without holding it. Kept apart from the detector rules so that a caller that
// only masks does not load them.
import { createHash } from 'node:crypto';
import { maskValue } from './detectors/values';

/**
 * What may be kept of a credential: at most 4 leading characters (fewer for short values, never
 * more than a quarter of it), its length, and 16 hex characters of its SHA-256 so that the same
 * leaked value can be recognised elsewhere without storing it.
 */
export function redactCredential(value: string): { prefix: string; length: number; fingerprint: string } {
  return {
    ...maskValue(value),
    fingerprint: createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16),
  };
}
