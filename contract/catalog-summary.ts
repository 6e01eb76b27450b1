// What the functions know of the catalog: one JSON document per environment, built at synth time
// by lib/catalog/summary.ts (buildCatalogSummary), shipped beside each function's bundle as
// CATALOG_SUMMARY_FILE and read once per cold start by lambdas/shared/catalog-summary.ts.
// It names principals, never a secret value.

import type { Acceptance } from './acceptance';
import type { Classification, InventorySettings, SecretKind } from './catalog';

export const CATALOG_SUMMARY_FILE = 'catalog-summary.json';

export interface ManagedSecretSummary {
  /** Secrets Manager name, `<env>/<name>`. */
  readonly name: string;
  readonly classification: Classification;
  readonly owner: string;
  readonly kind: SecretKind;
  readonly rotationDays: number | null;
  /** External secrets: the date by which a person must rotate it. */
  readonly rotateBy: string | null;
  /** IAM principal ARNs the catalog lets read it. */
  readonly readers: readonly string[];
}

export interface CatalogSummary {
  readonly environment: string;
  /** Every environment of the catalog, so a secret tagged with another one is not "unknown". */
  readonly environments: readonly string[];
  readonly settings: InventorySettings;
  readonly secrets: readonly ManagedSecretSummary[];
  /** Environment name -> IAM principal ARNs the catalog lets read its secrets (readers and admin role). */
  readonly readersByEnvironment: Readonly<Record<string, readonly string[]>>;
  /** The environment's admin role, which may use every secret of it; null when the catalog names none. */
  readonly adminRoleArn: string | null;
  /** Whether the catalog provisions the CIS CloudWatch.1-14 filters (false: the organisation owns them). */
  readonly cisMonitoring: boolean;
  /** The catalog's `accept:` entries for this environment, expired ones included (they show as expired). */
  readonly acceptances?: readonly Acceptance[];
  /**
   * The catalog's runbookBaseUrl for this environment (contract/runbook.ts); null or absent: reports
   * and alerts name docs/runbooks.md. Always written by buildCatalogSummary.
   */
  readonly runbookBaseUrl?: string | null;
}

/**
 * Principals of every environment but `environment` that are not also its own: the ones a resource
 * policy denies explicitly, the inventory flags and the compliance report counts as another
 * environment's. `principalsByEnvironment` is CatalogSummary.readersByEnvironment (or the same map
 * built from the catalog).
 */
export function otherEnvironmentPrincipals(principalsByEnvironment: Readonly<Record<string, readonly string[]>>, environment: string): string[] {
  const own = new Set(principalsByEnvironment[environment] ?? []);
  const others = new Set<string>();
  for (const [name, principals] of Object.entries(principalsByEnvironment)) {
    if (name === environment) continue;
    for (const principal of principals) if (!own.has(principal)) others.add(principal);
  }
  return [...others].sort();
}
