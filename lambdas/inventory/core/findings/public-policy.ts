import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/** Security Hub SecretsManager.5-style check: any principal may read the secret. */
export const publicPolicy: FindingRule = {
  type: 'public-policy',
  evaluate: (r) =>
    isLive(r) && r.policy?.public
      ? secretFinding('public-policy', r, severityFor(r.classification, { floor: 'CRITICAL' }), 'Resource policy allows any principal', { policyCheckedAt: r.policyCheckedAt ?? null },
          'Remove the wildcard principal or add an aws:PrincipalAccount / aws:PrincipalOrgID condition (PutResourcePolicy with BlockPublicPolicy).')
      : null,
};
