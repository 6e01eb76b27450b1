import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

export const crossAccountPolicy: FindingRule = {
  type: 'cross-account-policy',
  evaluate: (r) =>
    isLive(r) && r.policy?.crossAccount
      ? secretFinding('cross-account-policy', r, severityFor(r.classification, { floor: 'HIGH' }), 'Resource policy grants another account',
          { principals: r.policy.crossAccountPrincipals.join(',') },
          'Confirm the other account must read it; otherwise remove the statement (PutResourcePolicy), and rotate if it was not expected.')
      : null,
};
