// Credentials in values found outside Secrets Manager (the shared detector module's rules), and the
// redaction that is the only thing ever kept of such a value: a short prefix, the length and a fingerprint.

import { detectKeyValue } from '../../shared/detectors';
import { redactCredential } from '../../shared/fingerprint';
import type { PlaintextCredential } from './record';

export { redactCredential };

/** The rule of the shared detector module (lambdas/shared/detectors) that finds a credential in the value, or null. */
export function detect(key: string, value: string): string | null {
  return detectKeyValue(key, value)?.rule.id ?? null;
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
