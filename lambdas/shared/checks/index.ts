// The rulebook: one check per file, each a pure function from a secret's facts (SecretRecord) to a
// verdict { status, reason, evidence }, and two packs that give verdicts their meaning:
//   packs/inventory.ts   verdict -> finding (type, severity, remediation, runbook)
//   packs/compliance.ts  verdicts -> control evaluation (control id, framework references)
// Every surface that judges secrets (inventory scan, compliance report, the CLI's `status`) calls
// these, so they cannot disagree. Usage:
//
//   const context = checkContext(summary, new Date());          // thresholds from the catalog
//   const verdict = judgeCheck(check, record, context);             // one check, accepted findings applied
//   const findings = inventoryFindings(record, context);          // what the inventory reports
//   const briefs = inventoryFindingBriefs(record, context);       // the same, type and severity only (counting)

import type { Acceptance } from '../../../contract/acceptance';
import type { CatalogSummary } from '../../../contract/catalog-summary';
import { indexAcceptances } from './acceptance';
import { COMPLIANCE_PACK } from './packs/compliance';
import { INVENTORY_PACK } from './packs/inventory';
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

export type { AcceptanceIndex, CheckContext, CheckSettings, Evidence, Verdict } from './types';
export { judgeCheck } from './acceptance';
export { COMPLIANCE_PACK, controlVerdict, type ControlEntry } from './packs/compliance';
export { acceptedFindings, INVENTORY_PACK, inventoryFindingBriefs, inventoryFindings, type FindingBrief, type FindingRule } from './packs/inventory';

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

/**
 * The checks an `accept:` entry accepts: a finding type's check, or every check of a control; and,
 * both ways, a check one finding type covers for another (FindingRule.covers: accepting
 * external-rotation-due accepts rotation-enabled on that secret, and accepting SecretsManager.1 on
 * an external secret accepts its external-rotation-due), so the two packs still agree.
 */
function acceptedChecks(acceptance: Pick<Acceptance, 'finding' | 'control'>): CheckId[] {
  const base = new Set<CheckId>(
    acceptance.finding !== null
      ? INVENTORY_PACK.filter((rule) => rule.type === acceptance.finding).map((rule) => rule.check)
      : (COMPLIANCE_PACK.find((entry) => entry.id === acceptance.control)?.checks ?? []),
  );
  for (const rule of INVENTORY_PACK) {
    if (!rule.covers) continue;
    if (base.has(rule.covers.check)) base.add(rule.check);
    else if (base.has(rule.check)) base.add(rule.covers.check);
  }
  return [...base];
}

/** The context every consumer judges with: the catalog's thresholds and accepted findings for its environment, at `now`. */
export function checkContext(summary: Pick<CatalogSummary, 'environment' | 'environments' | 'settings' | 'acceptances'>, now: Date, overrides: Partial<CheckSettings> = {}): CheckContext {
  const { unusedDays, overdueGraceDays, externalDueSoonDays } = summary.settings;
  return {
    now,
    environment: summary.environment,
    environments: summary.environments,
    settings: { unusedDays, overdueGraceDays, externalDueSoonDays, maxDaysSinceRotation: MAX_DAYS_SINCE_ROTATION, ...overrides },
    ...(summary.acceptances && summary.acceptances.length > 0 && { acceptances: indexAcceptances(summary.acceptances, acceptedChecks) }),
  };
}
