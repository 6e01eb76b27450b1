import type { Finding, PlaintextCredential, Severity } from '../record';
import { findingId, runbookFor } from './rule';

/** Keys that open everything at once (cloud keys, private keys) are critical; tokens and passwords high. */
const CRITICAL_DETECTORS = new Set(['aws-access-key-id', 'private-key']);

export function plaintextCredentialFinding(credential: PlaintextCredential): Finding {
  const severity: Severity = CRITICAL_DETECTORS.has(credential.detector) ? 'CRITICAL' : 'HIGH';
  const where = credential.location === 'lambda-environment' ? 'Lambda environment variable' : 'SSM String parameter';
  return {
    id: findingId('plaintext-credential', `${credential.resource}#${credential.key}`),
    type: 'plaintext-credential',
    severity,
    resource: credential.resource,
    title: `Plaintext credential (${credential.detector}) in ${where} ${credential.key}`,
    evidence: {
      location: credential.location,
      key: credential.key,
      detector: credential.detector,
      prefix: credential.prefix,
      length: credential.length,
      fingerprint: credential.fingerprint,
    },
    remediation:
      credential.location === 'lambda-environment'
        ? 'Treat the credential as leaked: rotate it at its issuer, store it in Secrets Manager, and have the function read it at runtime (remove the variable).'
        : 'Treat the credential as leaked: rotate it at its issuer, then move it to Secrets Manager (or at least a SecureString parameter) and delete the String parameter.',
    runbook: runbookFor('plaintext-credential'),
  };
}
