// Credentials in values found outside Secrets Manager (the shared detector module's rules), and the
// redaction that is the only thing ever kept of such a value: a short prefix, the length and a fingerprint.

import { detectKeyValue, type Rule, type Sensitivity } from '../../shared/detectors';
import { redactCredential } from '../../shared/fingerprint';
import type { PlaintextCredential } from '../../../contract/inventory';
import type { PlaintextSources } from '../ports';

export { redactCredential };

/** A credential found in plaintext, redacted, with its detector's classification (the finding's severity follows it). */
export interface PlaintextDetection {
  readonly credential: PlaintextCredential;
  readonly sensitivity: Sensitivity;
}

/** The rule of the shared detector module (lambdas/shared/detectors) that finds a credential in the value, or null. */
export function detect(key: string, value: string): Rule | null {
  return detectKeyValue(key, value)?.rule ?? null;
}

export function scanVariables(
  location: PlaintextCredential['location'],
  resource: string,
  variables: Readonly<Record<string, string>>,
): PlaintextDetection[] {
  const found: PlaintextDetection[] = [];
  for (const [key, value] of Object.entries(variables)) {
    const rule = detect(key, value);
    if (rule) found.push({ credential: { location, resource, key, detector: rule.id, ...redactCredential(value) }, sensitivity: rule.sensitivity });
  }
  return found;
}

/** Every credential in the functions' environments and the String parameters, redacted. */
export async function findPlaintextCredentials(sources: PlaintextSources): Promise<PlaintextDetection[]> {
  const found: PlaintextDetection[] = [];
  for await (const fn of sources.functions()) found.push(...scanVariables('lambda-environment', fn.arn, fn.variables));
  for await (const parameter of sources.stringParameters()) {
    found.push(...scanVariables('ssm-parameter', parameter.arn, { [parameter.name]: parameter.value }));
  }
  return found;
}
