// The rulebook: one check per file, each a pure function from a secret's facts (SecretRecord) to a
// verdict { status, reason, evidence }, and two packs that give verdicts their meaning:
//   packs/inventory.ts   verdict -> finding (type, severity, remediation, runbook)
//   packs/compliance.ts  verdicts -> control evaluation (control id, framework references)
// Every surface that judges secrets (inventory scan, compliance report, the CLI's `status`) calls
// these, so they cannot disagree. Usage:
//
//   const context = checkContext(summary, new Date());          // thresholds from the catalog
//   const verdict = checkById('rotation-enabled').judge(record, context);  // one check
//   const findings = inventoryFindings(record, context);          // what the inventory reports

import type { CatalogSummary } from '../../../contract/catalog-summary';
import { customerManagedKey } from './customer-managed-key';
import { externalRotationDue } from './external-rotation-due';
import { notInCatalog } from './not-in-catalog';
import { otherEnvironmentAccess } from './other-environment-access';
import { pendingDeletion } from './pending-deletion';
import { policyNoCrossAccount } from './policy-no-cross-account';
import { policyNotPublic } from './policy-not-public';
import { requiredTags } from './required-tags';
import { rotatedRecently } from './rotated-recently';
import { rotationEnabled } from './rotation-enabled';
import { rotationNeverSucceeded } from './rotation-never-succeeded';
import { rotationOverdue } from './rotation-overdue';
import { scanError } from './scan-error';
import type { Check, CheckContext, CheckId, CheckSettings } from './types';
import { unused } from './unused';

export type { CheckContext, CheckSettings, Evidence, Verdict } from './types';
export { COMPLIANCE_PACK, controlVerdict, type ControlEntry } from './packs/compliance';
export { INVENTORY_PACK, inventoryFindings, type FindingRule } from './packs/inventory';

/** Every check, in the order reports list them. */
const CHECKS: readonly Check[] = [
  rotationEnabled,
  rotationOverdue,
  rotationNeverSucceeded,
  rotatedRecently,
  unused,
  customerManagedKey,
  requiredTags,
  policyNotPublic,
  policyNoCrossAccount,
  otherEnvironmentAccess,
  pendingDeletion,
  externalRotationDue,
  notInCatalog,
  scanError,
];

const BY_ID: ReadonlyMap<CheckId, Check> = new Map(CHECKS.map((c) => [c.id, c]));

export function checkById(id: CheckId): Check {
  return BY_ID.get(id)!;
}

/** Security Hub's default for SecretsManager.4, and PCI DSS 8.3.9's ceiling. */
const MAX_DAYS_SINCE_ROTATION = 90;

/** The context every consumer judges with: the catalog's thresholds for its environment, at `now`. */
export function checkContext(summary: Pick<CatalogSummary, 'environment' | 'environments' | 'settings'>, now: Date, overrides: Partial<CheckSettings> = {}): CheckContext {
  const { unusedDays, overdueGraceDays, externalDueSoonDays } = summary.settings;
  return {
    now,
    environment: summary.environment,
    environments: summary.environments,
    settings: { unusedDays, overdueGraceDays, externalDueSoonDays, maxDaysSinceRotation: MAX_DAYS_SINCE_ROTATION, ...overrides },
  };
}
