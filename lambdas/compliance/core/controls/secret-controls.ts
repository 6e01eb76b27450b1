// The controls over secrets' facts: the compliance pack's entries (lambdas/shared/checks/packs/
// compliance.ts) evaluated on every secret in scope with the same checks the inventory uses.

import type { SecretRecord } from '../../../../contract/inventory';
import { checkById, COMPLIANCE_PACK, controlVerdict, judgeCheck, type CheckContext, type ControlEntry, type Verdict } from '../../../shared/checks';
import type { Control, Evaluation, Facts, Status } from '../types';
import { evaluateSecrets, runbookFor } from './helpers';

const STATUS: Readonly<Record<Verdict['status'], Status>> = { pass: 'COMPLIANT', fail: 'NON_COMPLIANT', 'not-applicable': 'NOT_APPLICABLE', accepted: 'ACCEPTED' };

export const contextOf = (facts: Facts): CheckContext => ({
  now: facts.now,
  environment: facts.environment,
  environments: facts.catalog.environments,
  settings: facts.catalog.settings,
  ...(facts.catalog.acceptances && { acceptances: facts.catalog.acceptances }),
});

export const toEvaluation = (secret: SecretRecord, verdict: Verdict): Evaluation => ({
  resource: secret.arn,
  resourceName: secret.name,
  status: STATUS[verdict.status],
  reason: verdict.reason,
  evidence: verdict.evidence,
  ...(verdict.acceptance && { acceptance: verdict.acceptance }),
});

/** The entry's checks, judged together on one secret. */
export function judgeControl(entry: ControlEntry, secret: SecretRecord, context: CheckContext): Verdict {
  return controlVerdict(entry.checks.map((id) => judgeCheck(checkById(id), secret, context)));
}

export function secretControl(entry: ControlEntry): Control {
  return {
    id: entry.id,
    title: entry.title,
    severity: entry.severity,
    references: entry.references,
    remediation: entry.remediation,
    runbook: runbookFor(entry.id),
    evaluate: (facts) => {
      const context = contextOf(facts);
      // The checks give deleted and unreadable secrets their own verdicts.
      return evaluateSecrets(facts, (s) => toEvaluation(s, judgeControl(entry, s, context)), { needsDetails: false });
    },
  };
}

export const packEntry = (id: string): ControlEntry => COMPLIANCE_PACK.find((e) => e.id === id)!;
