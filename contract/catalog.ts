// The catalog's vocabulary as the deployed resources carry it: kinds, classifications, tag keys
// and the inventory's settings. The CDK app writes these (lib/), the functions read them back
// (lambdas/); docs/architecture.md, "Contracts", lists them.

export type SecretKind = 'postgres' | 'random' | 'external';
export type Classification = 'critical' | 'high' | 'medium' | 'low';

export const SECRET_KINDS: readonly SecretKind[] = ['postgres', 'random', 'external'];
export const CLASSIFICATIONS: readonly Classification[] = ['critical', 'high', 'medium', 'low'];

/** Tag keys every managed secret carries (docs/architecture.md, "Contracts"). */
export const TAG = {
  environment: 'warden:environment',
  classification: 'warden:classification',
  owner: 'warden:owner',
  kind: 'warden:kind',
  rotationDays: 'warden:rotation-days',
  /** External secrets only: ISO date by which a person must rotate it. */
  rotateBy: 'warden:rotate-by',
  /** `true` on every secret the catalog manages. */
  managed: 'warden:managed',
} as const;

/** Tags every secret must carry to be owned and classified (Security Hub SecretsManager.5 is given these keys). */
export const REQUIRED_TAGS: readonly string[] = [TAG.environment, TAG.classification, TAG.owner];

export interface InventorySettings {
  /** A secret not accessed for this many days is unused (Security Hub SecretsManager.3 uses 90). */
  readonly unusedDays: number;
  /** Days past the rotation interval before rotation counts as overdue. */
  readonly overdueGraceDays: number;
  /** An external secret due within this many days is reported. */
  readonly externalDueSoonDays: number;
  /** A critical finding still open after this many days is alerted again. */
  readonly criticalRealertDays: number;
}
