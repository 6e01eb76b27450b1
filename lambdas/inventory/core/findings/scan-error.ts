import { secretFinding, type FindingRule } from './rule';

/** The scan could not read this secret's policy or replicas; its record holds ListSecrets facts only. */
export const scanError: FindingRule = {
  type: 'scan-error',
  evaluate: (r) =>
    r.error != null
      ? secretFinding('scan-error', r, 'LOW', 'Could not be read fully', { error: r.error },
          'Check the inventory function\'s role can call GetResourcePolicy/DescribeSecret on it (and the KMS key is not disabled); the next run retries.')
      : null,
};
