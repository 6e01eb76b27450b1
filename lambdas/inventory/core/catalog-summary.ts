// What the scan needs to know of the catalog, shipped as JSON beside the function bundle
// (built by lib/inventory/catalog-summary.ts at synth time, read once per cold start).

import type { Classification, InventorySettings, SecretKind } from '../../../lib/catalog/types';

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
}

export interface CatalogSummary {
  readonly environment: string;
  /** Every environment of the catalog, so a secret tagged with another one is not "unknown". */
  readonly environments: readonly string[];
  readonly settings: InventorySettings;
  readonly secrets: readonly ManagedSecretSummary[];
  /** Environment name -> IAM principal ARNs the catalog lets read its secrets (readers and admin role). */
  readonly readersByEnvironment: Readonly<Record<string, readonly string[]>>;
}
