// The catalog summary (contract/catalog-summary.ts) as the controls and the access audit look it up.

import { otherEnvironmentPrincipals, type CatalogSummary } from '../../../contract/catalog-summary';
import { checkContext, type CheckContext } from '../../shared/checks';
import type { ComplianceCatalog } from './types';

/**
 * `trustedRoles` are the roles only known at deploy time (the rotation functions'), which the
 * construct passes in the function's environment; they may use every secret of the environment.
 */
export function complianceCatalog(summary: CatalogSummary, trustedRoles: readonly string[] = []): ComplianceCatalog {
  return {
    environment: summary.environment,
    environments: summary.environments,
    readers: Object.fromEntries(summary.secrets.map((s) => [s.name, [...s.readers]])),
    trustedPrincipals: [...(summary.adminRoleArn ? [summary.adminRoleArn] : []), ...trustedRoles],
    otherEnvironmentPrincipals: otherEnvironmentPrincipals(summary.readersByEnvironment, summary.environment),
    cisMonitoring: summary.cisMonitoring,
    // The same thresholds and accepted findings the inventory judges with; `now` is the report's, set per run.
    ...sameAsInventory(checkContext(summary, new Date(0))),
  };
}

function sameAsInventory({ settings, acceptances }: CheckContext): Pick<ComplianceCatalog, 'settings' | 'acceptances'> {
  return { settings, ...(acceptances && { acceptances }) };
}
