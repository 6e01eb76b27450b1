// Credential detectors for values found outside Secrets Manager, and the redaction that is the
// only thing ever kept of such a value: a short prefix, the length and a fingerprint.

import { createHash } from 'node:crypto';
import type { PlaintextCredential } from './record';

export interface Detector {
  readonly id: string;
  matches(key: string, value: string): boolean;
}

const pattern = (id: string, regex: RegExp): Detector => ({ id, matches: (_key, value) => regex.test(value) });

/** Names that say "this is a secret" (the value alone may look like anything). */
export const SECRET_LIKE_NAME = /pass(word|wd|phrase)?|secret|token|api[-_.]?key|private[-_.]?key|credential|auth|access[-_.]?key|signing[-_.]?key|client[-_.]?secret|\bpwd\b/i;

/** Values that point at a secret rather than hold one. */
const REFERENCE = /^(arn:aws[a-z-]*:|\{\{resolve:|\$\{|\/aws\/reference\/secretsmanager\/|ssm:|secretsmanager:)/i;

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const HIGH_ENTROPY_MIN_LENGTH = 16;
const HIGH_ENTROPY_MIN_BITS = 3.5;

/** First match wins; the order puts precise formats before the heuristic. */
export const DETECTORS: readonly Detector[] = [
  pattern('aws-access-key-id', /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/),
  pattern('private-key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/),
  pattern('github-token', /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/),
  pattern('slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/),
  pattern('stripe-key', /\b[sr]k_live_[A-Za-z0-9]{16,}/),
  pattern('google-api-key', /\bAIza[0-9A-Za-z_-]{35}\b/),
  pattern('jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/),
  {
    // scheme://user:password@host with a real password (not empty, not a ${placeholder}).
    id: 'connection-string-password',
    matches: (_key, value) => {
      const match = /\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:([^@\s/]+)@[^\s]+/i.exec(value);
      return match != null && !/^(\$\{.*\}|\*+|<.*>|%s|x+)$/i.test(match[1]!);
    },
  },
  {
    id: 'high-entropy-secret-name',
    matches: (key, value) =>
      SECRET_LIKE_NAME.test(key) &&
      value.length >= HIGH_ENTROPY_MIN_LENGTH &&
      !/\s/.test(value) &&
      !REFERENCE.test(value) &&
      shannonEntropy(value) >= HIGH_ENTROPY_MIN_BITS,
  },
];

export function detect(key: string, value: string, detectors: readonly Detector[] = DETECTORS): string | null {
  if (value.length === 0 || REFERENCE.test(value.trim())) return null;
  for (const detector of detectors) if (detector.matches(key, value)) return detector.id;
  return null;
}

/**
 * What may be kept of a credential: at most 4 leading characters (fewer for short values, never
 * more than a quarter of it), its length, and 16 hex characters of its SHA-256 so that the same
 * leaked value can be recognised elsewhere without storing it.
 */
export function redactCredential(value: string): { prefix: string; length: number; fingerprint: string } {
  const shown = Math.min(4, Math.floor(value.length / 4));
  return {
    prefix: `${value.slice(0, shown)}…`,
    length: value.length,
    fingerprint: createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16),
  };
}

export function scanVariables(
  location: PlaintextCredential['location'],
  resource: string,
  variables: Readonly<Record<string, string>>,
): PlaintextCredential[] {
  const found: PlaintextCredential[] = [];
  for (const [key, value] of Object.entries(variables)) {
    const detector = detect(key, value);
    if (detector) found.push({ location, resource, key, detector, ...redactCredential(value) });
  }
  return found;
}
