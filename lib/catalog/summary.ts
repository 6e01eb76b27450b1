// Builds, at synth time, the one view of the catalog every function reads (contract/catalog-summary.ts):
// shipped beside the inventory and compliance bundles. Pure: catalog in, JSON out, no value.

import type { CatalogSummary, ManagedSecretSummary } from '../../contract/catalog-summary';
import { principalsOf, rotationDays, secretName, type Catalog, type SecretEntry } from './types';

function summarise(environment: string, secret: SecretEntry): ManagedSecretSummary {
  return {
    name: secretName(environment, secret.name),
    classification: secret.classification,
    owner: secret.owner,
    kind: secret.kind,
    rotationDays: secret.kind === 'external' ? null : rotationDays(secret.rotation) || null,
    rotateBy: secret.kind === 'external' ? secret.external.rotateBy : null,
    readers: [...secret.readers],
  };
}

export function buildCatalogSummary(catalog: Catalog, environmentName: string): CatalogSummary {
  const own = catalog.forEnvironment(environmentName);
  const readersByEnvironment: Record<string, string[]> = {};
  for (const environment of catalog.environments) {
    readersByEnvironment[environment.name] = principalsOf(environment, catalog.forEnvironment(environment.name).secrets);
  }
  return {
    environment: environmentName,
    environments: catalog.environments.map((e) => e.name),
    settings: own.environment.inventory,
    secrets: own.secrets.map((s) => summarise(environmentName, s)),
    readersByEnvironment,
    adminRoleArn: own.environment.adminRoleArn ?? null,
    cisMonitoring: own.environment.audit.cisFilters,
    runbookBaseUrl: own.environment.runbookBaseUrl ?? null,
    acceptances: [...(own.acceptances ?? [])],
  };
}
