import type { Control } from '../types';
import { nonCompliant } from './helpers';
import { contextOf, judgeControl, packEntry, secretControl, toEvaluation } from './secret-controls';
import { evaluateSecrets } from './helpers';

const ENTRY = packEntry('environment-separation');

/**
 * The pack's environment-separation control (no principal of another environment in the policy),
 * plus what only the report knows: reads by another environment's principals in the access audit.
 */
export const environmentSeparation: Control = {
  ...secretControl(ENTRY),
  evaluate: (facts) => {
    const context = contextOf(facts);
    const readsFromOtherEnvironments = new Map(facts.accessAudit.secrets.map((a) => [a.secret, a.otherEnvironmentReaders]));
    return evaluateSecrets(facts, (s) => {
      const verdict = judgeControl(ENTRY, s, context);
      const readers = (readsFromOtherEnvironments.get(s.arn) ?? []).map((r) => r.principal);
      const evidence = { ...verdict.evidence, readersOfOtherEnvironments: readers.join(',') };
      if (verdict.status === 'pass' && readers.length > 0) {
        return nonCompliant(s.arn, s.name, `read by ${readers.length} principal(s) of another environment in the report period`, evidence);
      }
      return toEvaluation(s, { ...verdict, evidence });
    }, { needsDetails: false });
  },
};
