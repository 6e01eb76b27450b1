import type { Check } from './types';
import { fail, pass, precondition } from './verdict';

/** Environments never share a reader (docs/architecture.md, "Invariants" 4): no principal of another environment is allowed. */
export const otherEnvironmentAccess: Check = {
  id: 'other-environment-access',
  title: 'No principal of another environment is allowed',
  judge: (r) => {
    const skip = precondition(r, true);
    if (skip) return skip;
    const allowed = r.policy?.otherEnvironmentPrincipals ?? [];
    const evidence = { principals: allowed.join(',') };
    return allowed.length > 0 ? fail(`the resource policy allows ${allowed.length} principal(s) of another environment`, evidence) : pass('no principal of another environment is allowed', evidence);
  },
};
