import type { Control } from '../types';
import { compliant, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** A resource policy allowing `*` without a narrowing condition hands the secret to any AWS account. */
export const policyNotPublic: Control = {
  id: 'secret-policy-not-public',
  title: 'Secret resource policies should not allow public access',
  severity: 'CRITICAL',
  // CC6.6: access from outside the system boundary; CC6.7: information released only to authorised external users.
  references: [ref.soc2('CC6.1'), ref.soc2('CC6.6'), ref.soc2('CC6.7'), ref.iso('A.5.17'), ref.gdpr()],
  remediation: 'Remove the statement that allows `*` (or add a condition such as aws:PrincipalAccount), then rotate the secret: it may have been read.',
  runbook: runbookFor('secret-policy-not-public'),
  evaluate: (facts) =>
    evaluateSecrets(facts, (s) => {
      if (s.policy === null) return compliant(s.arn, s.name, 'no resource policy', { hasPolicy: false });
      return s.policy.public
        ? nonCompliant(s.arn, s.name, 'the resource policy allows any principal', { hasPolicy: true, public: true })
        : compliant(s.arn, s.name, 'the resource policy names its principals', { hasPolicy: true, public: false });
    }),
};
