import type { Check } from './types';
import { fail, pass, precondition } from './verdict';

/** The resource policy allows no principal of another AWS account. */
export const policyNoCrossAccount: Check = {
  id: 'policy-no-cross-account',
  title: 'The resource policy grants no other account',
  judge: (r) => {
    const skip = precondition(r, true);
    if (skip) return skip;
    if (r.policy == null) return pass('no resource policy', { hasPolicy: false, principals: '' });
    const principals = r.policy.crossAccountPrincipals;
    return r.policy.crossAccount
      ? fail(`the resource policy allows ${principals.length} principal(s) of another account`, { hasPolicy: true, principals: principals.join(',') })
      : pass('only principals of this account are allowed', { hasPolicy: true, principals: '' });
  },
};
