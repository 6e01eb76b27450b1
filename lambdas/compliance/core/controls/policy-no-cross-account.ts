import type { Control } from '../types';
import { compliant, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** Another account's principals reading a secret are outside this account's controls and audit trail. */
export const policyNoCrossAccount: Control = {
  id: 'secret-policy-no-cross-account',
  title: 'Secret resource policies should not grant access to other AWS accounts',
  severity: 'HIGH',
  references: [ref.soc2('CC6.1'), ref.soc2('CC6.6'), ref.soc2('CC6.7'), ref.iso('A.5.17'), ref.gdpr()],
  remediation: 'Remove the other account\'s principals from the resource policy, or document the sharing and scope it to named roles.',
  runbook: runbookFor('secret-policy-no-cross-account'),
  evaluate: (facts) =>
    evaluateSecrets(facts, (s) => {
      if (s.policy === null) return compliant(s.arn, s.name, 'no resource policy', { hasPolicy: false });
      const principals = s.policy.crossAccountPrincipals;
      return s.policy.crossAccount
        ? nonCompliant(s.arn, s.name, `the resource policy allows ${principals.length} principal(s) of another account`, { crossAccountPrincipals: principals.join(',') })
        : compliant(s.arn, s.name, 'only principals of this account are allowed', { crossAccountPrincipals: '' });
    }),
};
