import type { Control } from '../types';
import { elapsedDays } from '../../../shared/time';
import { accountResource, compliant, nonCompliant, ref, runbookFor } from './helpers';

/** Older than a week and a day: the scan has stopped, whether it runs daily or weekly. */
const INVENTORY_MAX_AGE_DAYS = 8;

/**
 * Every secret control stands on the inventory. Without a current one they are not applicable, which
 * would make the score look better, not worse; this control makes the gap fail (and alert as a regression).
 */
export const inventoryCurrent: Control = {
  id: 'inventory-current',
  title: 'A current secrets inventory exists for the environment',
  severity: 'HIGH',
  references: [ref.soc2('CC7.2'), ref.iso('A.8.16')],
  remediation: 'Find why the inventory scan did not write inventory/latest.json (its function errors, schedule, bucket grants) and run it again.',
  runbook: runbookFor('inventory-current'),
  evaluate: (facts) => {
    const inventory = facts.inventory;
    const resource = accountResource(facts);
    if (inventory === null) return [nonCompliant(resource, 'inventory/latest.json', 'no readable inventory report (missing, or of another schema version)', { inventoryGeneratedAt: null })];
    // A report without a readable generation date cannot show that the scan still runs.
    const age = typeof inventory.generatedAt === 'string' ? Math.floor(elapsedDays(inventory.generatedAt, facts.now)) : Number.NaN;
    if (!Number.isFinite(age)) return [nonCompliant(resource, 'inventory/latest.json', 'the latest inventory has no readable generation date (generatedAt)', { inventoryGeneratedAt: null })];
    const evidence = { inventoryGeneratedAt: inventory.generatedAt, ageDays: age, maxAgeDays: INVENTORY_MAX_AGE_DAYS, failedSecrets: inventory.summary.failedSecrets };
    return age > INVENTORY_MAX_AGE_DAYS
      ? [nonCompliant(resource, 'inventory/latest.json', `the latest inventory is ${age} days old`, evidence)]
      : [compliant(resource, 'inventory/latest.json', `inventory of ${inventory.generatedAt.slice(0, 10)}`, evidence)];
  },
};
