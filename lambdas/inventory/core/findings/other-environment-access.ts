import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/** DESIGN.md invariant 4: environments never share a reader. */
export const otherEnvironmentAccess: FindingRule = {
  type: 'other-environment-access',
  evaluate: (r) =>
    isLive(r) && r.policy != null && r.policy.otherEnvironmentPrincipals.length > 0
      ? secretFinding('other-environment-access', r, severityFor(r.classification, { floor: 'HIGH' }), 'Readable by a principal of another environment',
          { principals: r.policy.otherEnvironmentPrincipals.join(',') },
          'Remove the other environment\'s principal from the resource policy (and from `readers` in config/secrets.yaml), then rotate the secret.')
      : null,
};
