import type { Check } from './types';
import { fail, pass, precondition } from './verdict';

/** No statement of the resource policy allows `*` without a narrowing condition. */
export const policyNotPublic: Check = {
  id: 'policy-not-public',
  title: 'The resource policy is not public',
  judge: (r) => {
    const skip = precondition(r, true);
    if (skip) return skip;
    if (r.policy == null) return pass('no resource policy', { hasPolicy: false, public: false });
    return r.policy.public
      ? fail('the resource policy allows any principal', { hasPolicy: true, public: true, policyCheckedAt: r.policyCheckedAt ?? null })
      : pass('the resource policy names its principals', { hasPolicy: true, public: false });
  },
};
