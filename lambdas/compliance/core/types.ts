// The compliance core's vocabulary: the facts a control reads, the verdict it returns, and the
// references that tie a control to the frameworks an auditor asks about.

import type { InventoryReport } from '../../../contract/inventory';
import type { CheckSettings, Evidence } from '../../shared/checks';
import type { ControlSeverity, Reference } from '../../shared/checks/packs/compliance';
import type { AccessAudit } from './access-audit';
import type { AuditConfiguration } from './audit-configuration';

export type Status = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
export { FRAMEWORKS, type ControlSeverity, type Framework, type Reference } from '../../shared/checks/packs/compliance';

export type { Evidence } from '../../shared/checks';

/** One resource's verdict under one control. */
export interface Evaluation {
  /** ARN of the secret, trail or log group, or `account:<id>` for account-wide checks. */
  readonly resource: string;
  /** Name a person recognises (secret name, trail name); may equal the resource. */
  readonly resourceName: string;
  readonly status: Status;
  /** One sentence saying why. */
  readonly reason: string;
  /** Facts that justify the verdict; identifiers, dates and counts only, never a value. */
  readonly evidence: Evidence;
}

/**
 * What the secrets' catalog says about the environment the report is for: the catalog summary
 * (contract/catalog-summary.ts) indexed for the controls by complianceCatalog() (core/catalog.ts).
 */
export interface ComplianceCatalog {
  readonly environment: string;
  /** Secret name (`<env>/<name>`) -> reader principal ARNs the catalog grants. */
  readonly readers: Readonly<Record<string, readonly string[]>>;
  /** Principals allowed to use every secret of the environment (admin role, rotation roles). */
  readonly trustedPrincipals: readonly string[];
  /** Reader and admin ARNs of the OTHER environments: none of them may touch this one. */
  readonly otherEnvironmentPrincipals: readonly string[];
  /** Whether the catalog provisions the CIS CloudWatch.1-14 filters (false: the organisation owns them). */
  readonly cisMonitoring: boolean;
  /** Every environment of the catalog. */
  readonly environments: readonly string[];
  /** The thresholds the checks judge with (lambdas/shared/checks). */
  readonly settings: CheckSettings;
}

export interface Facts {
  readonly environment: string;
  readonly account: string | null;
  readonly now: Date;
  readonly catalog: ComplianceCatalog;
  /** The latest inventory; null when none was found (secret-level controls are then not applicable). */
  readonly inventory: InventoryReport | null;
  readonly auditConfiguration: AuditConfiguration;
  readonly accessAudit: AccessAudit;
}

export interface Control {
  readonly id: string;
  readonly title: string;
  readonly severity: ControlSeverity;
  readonly references: readonly Reference[];
  /** What to do when it fails; the runbook section says how. */
  readonly remediation: string;
  /** `docs/runbooks.md#...` */
  readonly runbook: string;
  evaluate(facts: Facts): Evaluation[];
}
