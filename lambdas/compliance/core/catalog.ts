// The catalog summary (contract/catalog-summary.ts) as the controls and the access audit look it up.

import { REQUIRED_TAGS } from '../../../contract/catalog';
import { otherEnvironmentPrincipals, type CatalogSummary } from '../../../contract/catalog-summary';
import type { ComplianceCatalog } from './types';

/** Security Hub's default for SecretsManager.4, and PCI DSS 8.3.9's ceiling. */
export const MAX_DAYS_SINCE_ROTATION = 90;

/**
 * `trustedRoles` are the roles only known at deploy time (the rotation functions'), which the
 * construct passes in the function's environment; they may use every secret of the environment.
 */
export function complianceCatalog(summary: CatalogSummary, trustedRoles: readonly string[] = []): ComplianceCatalog {
  return {
    environment: summary.environment,
    readers: Object.fromEntries(summary.secrets.map((s) => [s.name, [...s.readers]])),
    trustedPrincipals: [...(summary.adminRoleArn ? [summary.adminRoleArn] : []), ...trustedRoles],
    otherEnvironmentPrincipals: otherEnvironmentPrincipals(summary.readersByEnvironment, summary.environment),
    cisMonitoring: summary.cisMonitoring,
    requiredTags: REQUIRED_TAGS,
    unusedDays: summary.settings.unusedDays,
    maxDaysSinceRotation: MAX_DAYS_SINCE_ROTATION,
  };
}
