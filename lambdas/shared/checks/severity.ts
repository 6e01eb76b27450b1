import type { Classification } from '../../../contract/catalog';
import type { Severity } from '../../../contract/inventory';

export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

const BY_CLASSIFICATION: Record<Classification, Severity> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
};

const RANK: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, INFORMATIONAL: 0 };

/**
 * The secret's classification decides how loud a finding is; an unclassified secret counts as
 * medium (nobody has said it is harmless). `floor` lifts findings that are dangerous whatever the
 * classification (a public policy), `cap` lowers hygiene findings.
 */
export function severityFor(classification: Classification | null, bounds: { floor?: Severity; cap?: Severity } = {}): Severity {
  let severity = classification ? BY_CLASSIFICATION[classification] : 'MEDIUM';
  if (bounds.floor && RANK[severity] < RANK[bounds.floor]) severity = bounds.floor;
  if (bounds.cap && RANK[severity] > RANK[bounds.cap]) severity = bounds.cap;
  return severity;
}

export function severityRank(severity: Severity): number {
  return RANK[severity];
}
