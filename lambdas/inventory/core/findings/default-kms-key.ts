import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/** The AWS managed key cannot be shared across accounts nor have its key policy scoped. */
export const defaultKmsKey: FindingRule = {
  type: 'default-kms-key',
  evaluate: (r) =>
    isLive(r) && !r.kms.customerManaged
      ? secretFinding('default-kms-key', r, severityFor(r.classification, { cap: 'MEDIUM' }), 'Encrypted with the AWS managed key aws/secretsmanager', { kmsKeyId: r.kms.keyId },
          'Encrypt with the environment\'s customer managed key: UpdateSecret --kms-key-id, then rotate so every version is re-encrypted.')
      : null,
};
