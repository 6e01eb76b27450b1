import type { Control } from '../types';
import { compliant, daysSince, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** Security Hub SecretsManager.4: PCI DSS 8.3.9 caps a password's life at 90 days. */
export const rotatedRecently: Control = {
  id: 'SecretsManager.4',
  title: 'Secrets Manager secrets should be rotated within a specified number of days',
  severity: 'MEDIUM',
  references: [ref.securityHub('SecretsManager.4'), ref.config('secretsmanager-secret-periodic-rotation'), ref.soc2('CC6.1'), ref.iso('A.5.17'), ref.pci('8.3.9'), ref.pci('8.6.3')],
  remediation: 'Rotate the secret now, and set its rotation interval to at most the allowed number of days.',
  runbook: runbookFor('SecretsManager.4'),
  evaluate: (facts) =>
    evaluateSecrets(facts, (s) => {
      const limit = facts.catalog.maxDaysSinceRotation;
      // A secret never rotated has held its value since it was created.
      const since = s.rotation.lastRotated ?? s.createdDate;
      const evidence = { lastRotated: s.rotation.lastRotated, createdDate: s.createdDate, maxDaysSinceRotation: limit };
      if (since === null) return nonCompliant(s.arn, s.name, 'neither a rotation nor a creation date is known', evidence);
      const age = daysSince(since, facts.now);
      return age > limit
        ? nonCompliant(s.arn, s.name, `value unchanged for ${age} days (limit ${limit})`, evidence)
        : compliant(s.arn, s.name, `value changed ${age} days ago`, evidence);
    }),
};
