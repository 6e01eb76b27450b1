import type { Finding, SecretRecord } from '../record';
import { crossAccountPolicy } from './cross-account-policy';
import { defaultKmsKey } from './default-kms-key';
import { externalRotationDue } from './external-rotation-due';
import { missingTag } from './missing-tag';
import { notInCatalog } from './not-in-catalog';
import { otherEnvironmentAccess } from './other-environment-access';
import { pendingDeletion } from './pending-deletion';
import { publicPolicy } from './public-policy';
import { rotationDisabled } from './rotation-disabled';
import { rotationNeverSucceeded } from './rotation-never-succeeded';
import { rotationOverdue } from './rotation-overdue';
import type { FindingContext, FindingRule } from './rule';
import { scanError } from './scan-error';
import { unused } from './unused';

export type { FindingContext, FindingRule } from './rule';
export { plaintextCredentialFinding } from './plaintext-credential';

/** Every per-secret rule; `plaintext-credential` is raised from the plaintext scan instead. */
export const SECRET_RULES: readonly FindingRule[] = [
  rotationDisabled,
  rotationOverdue,
  rotationNeverSucceeded,
  unused,
  defaultKmsKey,
  missingTag,
  publicPolicy,
  crossAccountPolicy,
  otherEnvironmentAccess,
  pendingDeletion,
  externalRotationDue,
  notInCatalog,
  scanError,
];

export function evaluateSecret(record: SecretRecord, context: FindingContext, rules: readonly FindingRule[] = SECRET_RULES): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const finding = rule.evaluate(record, context);
    if (finding) findings.push(finding);
  }
  return findings;
}
