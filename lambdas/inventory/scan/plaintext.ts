// Credentials in values found outside Secrets Manager (the shared detector module's rules), and the
// redaction that is the only thing ever kept of such a value: a short prefix, the length and a fingerprint.

import { detectKeyValue } from '../../shared/detectors';
import { redactCredential } from '../../shared/fingerprint';
import type { PlaintextCredential } from '../../../contract/inventory';
import type { PlaintextSources } from '../ports';

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

/** Every credential in the functions' environments and the String parameters, redacted. */
export async function findPlaintextCredentials(sources: PlaintextSources): Promise<PlaintextCredential[]> {
  const found: PlaintextCredential[] = [];
  for await (const fn of sources.functions()) found.push(...scanVariables('lambda-environment', fn.arn, fn.variables));
  for await (const parameter of sources.stringParameters()) {
    found.push(...scanVariables('ssm-parameter', parameter.arn, { [parameter.name]: parameter.value }));
  }
  return found;
}
