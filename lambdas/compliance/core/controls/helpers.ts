// Small builders shared by the controls: verdicts, references and the per-secret walk.

import type { SecretRecord } from '../../../../contract/inventory';
import { runbookFor as runbook } from '../../../shared/checks/runbook';
import type { Evaluation, Evidence, Facts } from '../types';

export { ref } from '../../../shared/checks/packs/compliance';

/** `docs/runbooks.md#compliance-secretsmanager-1`: anchors are explicit in the runbook, so they never drift. */
export const runbookFor = (controlId: string): string => runbook('compliance', controlId);

export const compliant = (resource: string, resourceName: string, reason: string, evidence: Evidence = {}): Evaluation => ({ resource, resourceName, status: 'COMPLIANT', reason, evidence });
export const nonCompliant = (resource: string, resourceName: string, reason: string, evidence: Evidence = {}): Evaluation => ({ resource, resourceName, status: 'NON_COMPLIANT', reason, evidence });
export const notApplicable = (resource: string, resourceName: string, reason: string, evidence: Evidence = {}): Evaluation => ({ resource, resourceName, status: 'NOT_APPLICABLE', reason, evidence });

export const accountResource = (facts: Facts): string => `account:${facts.account ?? 'unknown'}`;

/** Secrets of this environment, plus untagged ones (someone in this account must own them); others belong to their own report. */
function secretsInScope(facts: Facts): readonly SecretRecord[] {
  return (facts.inventory?.secrets ?? []).filter((s) => s.environment === null || s.environment === facts.environment);
}

/**
 * Evaluates every secret in scope with `judge`, after the verdicts that hold for all secret controls:
 * no inventory, a secret scheduled for deletion (it can no longer be used), a secret the scan could not read.
 */
export function evaluateSecrets(facts: Facts, judge: (secret: SecretRecord) => Evaluation, options: { needsDetails?: boolean } = {}): Evaluation[] {
  if (facts.inventory === null) {
    return [notApplicable(accountResource(facts), 'inventory', 'no inventory report was found at inventory/latest.json, so no secret could be evaluated', { inventory: null })];
  }
  return secretsInScope(facts).map((secret) => {
    if (secret.deletedDate !== null) {
      return notApplicable(secret.arn, secret.name, 'the secret is scheduled for deletion and can no longer be used', { deletedDate: secret.deletedDate });
    }
    if ((options.needsDetails ?? true) && secret.error !== null) {
      return notApplicable(secret.arn, secret.name, 'the inventory could not read this secret\'s details, so it was not evaluated', { scanError: true });
    }
    return judge(secret);
  });
}
