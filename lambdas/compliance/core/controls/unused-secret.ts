import type { Control } from '../types';
import { compliant, daysSince, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** Security Hub SecretsManager.3: an unused secret is access nobody needs, kept alive for whoever still holds it. */
export const unusedSecret: Control = {
  id: 'SecretsManager.3',
  title: 'Remove unused Secrets Manager secrets',
  severity: 'MEDIUM',
  references: [ref.securityHub('SecretsManager.3'), ref.config('secretsmanager-secret-unused'), ref.soc2('CC6.1'), ref.iso('A.5.17')],
  remediation: 'Confirm with the owner that nothing uses the secret, then delete it (with a recovery window) and remove it from the catalog.',
  runbook: runbookFor('SecretsManager.3'),
  evaluate: (facts) =>
    evaluateSecrets(facts, (s) => {
      const limit = facts.catalog.unusedDays;
      const evidence = { lastAccessed: s.lastAccessed, createdDate: s.createdDate, unusedForDays: limit };
      if (s.lastAccessed !== null) {
        // LastAccessedDate is a date without time (midnight UTC), so whole days are all it can tell.
        const idle = daysSince(s.lastAccessed, facts.now);
        return idle > limit ? nonCompliant(s.arn, s.name, `not read for ${idle} days`, evidence) : compliant(s.arn, s.name, `read ${idle} days ago`, evidence);
      }
      const age = s.createdDate === null ? null : daysSince(s.createdDate, facts.now);
      if (age !== null && age <= limit) return compliant(s.arn, s.name, `never read, but created only ${age} days ago`, evidence);
      return nonCompliant(s.arn, s.name, `never read, and older than ${limit} days`, evidence);
    }),
};
