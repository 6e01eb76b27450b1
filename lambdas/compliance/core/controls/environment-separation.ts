import type { Control } from '../types';
import { compliant, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** Invariant 4 of the design: environments never share a reader; a dev role that can read prod makes prod as weak as dev. */
export const environmentSeparation: Control = {
  id: 'environment-separation',
  title: 'Secrets should not be usable by principals of another environment',
  severity: 'HIGH',
  references: [ref.soc2('CC6.1'), ref.iso('A.5.17')],
  remediation: 'Remove the other environment\'s principals from the secret\'s policy (and their IAM grants), then rotate the secret if the access audit shows reads.',
  runbook: runbookFor('environment-separation'),
  evaluate: (facts) => {
    const readsFromOtherEnvironments = new Map(facts.accessAudit.secrets.map((a) => [a.secret, a.otherEnvironmentReaders]));
    return evaluateSecrets(facts, (s) => {
      const allowed = s.policy?.otherEnvironmentPrincipals ?? [];
      const readers = (readsFromOtherEnvironments.get(s.arn) ?? []).map((r) => r.principal);
      const evidence = { policyPrincipalsOfOtherEnvironments: allowed.join(','), readersOfOtherEnvironments: readers.join(',') };
      if (allowed.length > 0) return nonCompliant(s.arn, s.name, `the resource policy allows ${allowed.length} principal(s) of another environment`, evidence);
      if (readers.length > 0) return nonCompliant(s.arn, s.name, `read by ${readers.length} principal(s) of another environment in the report period`, evidence);
      return compliant(s.arn, s.name, 'no principal of another environment is allowed or seen', evidence);
    });
  },
};
