import type { CatalogIndex } from '../records';
import type { Finding, FindingType, SecretRecord, Severity } from '../record';

export interface FindingContext {
  readonly now: Date;
  readonly catalog: CatalogIndex;
}

/** One check, like a cdk-nag rule: a pure function from a record to zero or one finding. */
export interface FindingRule {
  readonly type: FindingType;
  evaluate(record: SecretRecord, context: FindingContext): Finding | null;
}

export const RUNBOOK_PREFIX = 'docs/runbooks.md#inventory-';

const runbooks = new Map<FindingType, string>();

/** One string per type, shared by every finding of it (a million findings at 500,000 secrets). */
export function runbookFor(type: FindingType): string {
  let link = runbooks.get(type);
  if (link === undefined) {
    link = `${RUNBOOK_PREFIX}${type}`;
    runbooks.set(type, link);
  }
  return link;
}

export function findingId(type: FindingType, resource: string): string {
  return `${type}:${resource}`;
}

export function secretFinding(
  type: FindingType,
  record: SecretRecord,
  severity: Severity,
  title: string,
  evidence: Finding['evidence'],
  remediation: string,
): Finding {
  return {
    id: findingId(type, record.arn),
    type,
    severity,
    resource: record.arn,
    title: `${title}: ${record.name}`,
    evidence: { secret: record.name, environment: record.environment, ...evidence },
    remediation,
    runbook: runbookFor(type),
  };
}

/** Secrets scheduled for deletion only get the pending-deletion finding: the rest is moot. */
export function isLive(record: SecretRecord): boolean {
  return record.deletedDate == null;
}
