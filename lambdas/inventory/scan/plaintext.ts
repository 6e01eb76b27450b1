// Credentials in values found outside Secrets Manager (the shared detector module's rules), and the
// redaction that is the only thing ever kept of such a value: a short prefix, the length and a fingerprint.

import { createHash } from 'node:crypto';
import { detectKeyValue, maskValue } from '../../shared/detectors';
import type { PlaintextCredential } from '../../../contract/inventory';
import type { PlaintextSources } from '../ports';

/** The rule of the shared detector module (lambdas/shared/detectors) that finds a credential in the value, or null. */
export function detect(key: string, value: string): string | null {
  return detectKeyValue(key, value)?.rule.id ?? null;
}

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

/** Every credential in the functions' environments and the String parameters, redacted. */
export async function findPlaintextCredentials(sources: PlaintextSources): Promise<PlaintextCredential[]> {
  const found: PlaintextCredential[] = [];
  for await (const fn of sources.functions()) found.push(...scanVariables('lambda-environment', fn.arn, fn.variables));
  for await (const parameter of sources.stringParameters()) {
    found.push(...scanVariables('ssm-parameter', parameter.arn, { [parameter.name]: parameter.value }));
  }
  return found;
}
