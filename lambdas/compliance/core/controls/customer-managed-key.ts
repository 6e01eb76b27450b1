import type { Control } from '../types';
import { compliant, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** AWS Config secretsmanager-using-cmk: only a customer key lets the environment decide, in its key policy, who may decrypt. */
export const customerManagedKey: Control = {
  id: 'secretsmanager-using-cmk',
  title: 'Secrets Manager secrets should be encrypted with a customer managed KMS key',
  severity: 'MEDIUM',
  references: [ref.config('secretsmanager-using-cmk'), ref.soc2('CC6.1'), ref.iso('A.8.24'), ref.gdpr()],
  remediation: 'Re-encrypt the secret with the environment\'s customer managed key (UpdateSecret KmsKeyId), then rotate it.',
  runbook: runbookFor('secretsmanager-using-cmk'),
  evaluate: (facts) =>
    evaluateSecrets(facts, (s) => {
      const evidence = { kmsKeyId: s.kms.keyId, customerManaged: s.kms.customerManaged };
      return s.kms.customerManaged
        ? compliant(s.arn, s.name, 'encrypted with a customer managed key', evidence)
        : nonCompliant(s.arn, s.name, 'encrypted with the AWS managed key aws/secretsmanager', evidence);
    }),
};
