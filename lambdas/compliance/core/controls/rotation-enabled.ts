import type { Control } from '../types';
import { compliant, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** Security Hub SecretsManager.1: a secret nobody rotates stays valid for as long as anyone who ever saw it likes. */
export const rotationEnabled: Control = {
  id: 'SecretsManager.1',
  title: 'Secrets Manager secrets should have automatic rotation enabled',
  severity: 'MEDIUM',
  references: [ref.securityHub('SecretsManager.1'), ref.config('secretsmanager-rotation-enabled-check'), ref.soc2('CC6.1'), ref.iso('A.5.17'), ref.pci('8.3.9'), ref.pci('8.6.3')],
  remediation: 'Turn on automatic rotation (give the secret a rotation in config/secrets.yaml and deploy); for an external secret, automate it or record the risk acceptance.',
  runbook: runbookFor('SecretsManager.1'),
  evaluate: (facts) =>
    evaluateSecrets(facts, (s) => {
      const max = facts.catalog.maxRotationIntervalDays;
      const evidence = { rotationEnabled: s.rotation.enabled, intervalDays: s.rotation.intervalDays, kind: s.kind, maximumAllowedRotationFrequency: max ?? null };
      if (!s.rotation.enabled) return nonCompliant(s.arn, s.name, 'automatic rotation is off', evidence);
      if (max !== undefined && s.rotation.intervalDays !== null && s.rotation.intervalDays > max) {
        return nonCompliant(s.arn, s.name, `rotation interval ${s.rotation.intervalDays} days exceeds the allowed ${max} days`, evidence);
      }
      return compliant(s.arn, s.name, 'automatic rotation is on', evidence);
    }),
};
