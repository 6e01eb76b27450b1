// Builds, at synth time, the compact view of the catalog that the inventory function reads once
// per cold start (shipped beside its bundle, see InventoryScan). Pure: catalog in, JSON out.

import type { CatalogSummary, ManagedSecretSummary } from '../../lambdas/inventory/core/catalog-summary';
import { rotationDays, secretName, type Catalog, type SecretEntry } from '../catalog/types';

function summarise(environment: string, secret: SecretEntry): ManagedSecretSummary {
  return {
    name: secretName(environment, secret.name),
    classification: secret.classification,
    owner: secret.owner,
    kind: secret.kind,
    rotationDays: secret.kind === 'external' ? null : rotationDays(secret.rotation) || null,
    rotateBy: secret.kind === 'external' ? secret.external.rotateBy : null,
  };
}

export function buildCatalogSummary(catalog: Catalog, environmentName: string): CatalogSummary {
  const own = catalog.forEnvironment(environmentName);
  const readersByEnvironment: Record<string, string[]> = {};
  for (const environment of catalog.environments) {
    const view = catalog.forEnvironment(environment.name);
    const readers = new Set(view.secrets.flatMap((s) => s.readers));
    if (environment.adminRoleArn) readers.add(environment.adminRoleArn);
    readersByEnvironment[environment.name] = [...readers].sort();
  }
  return {
    environment: environmentName,
    environments: catalog.environments.map((e) => e.name),
    settings: own.environment.inventory,
    secrets: own.secrets.map((s) => summarise(environmentName, s)),
    readersByEnvironment,
  };
}
