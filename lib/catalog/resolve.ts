// Applies built-in defaults, the catalog's `defaults` and a secret's per-environment overrides.
// Objects merge key by key (most specific wins); lists (readers, alerts) are replaced, never
// concatenated, so an environment states exactly who reads its secrets.
import { BUILTIN_DEFAULTS } from './defaults';
import type { AlertBlock, CatalogDocument, RotationBlock, SecretBlock } from './document';
import type { AlertSubscription, Environment, RotationSettings, SecretEntry } from './types';

export function resolveEnvironment(document: CatalogDocument, name: string): Environment {
  const block = document.environments[name] ?? {};
  const defaults = document.defaults ?? {};
  const runbookBaseUrl = block.runbookBaseUrl ?? defaults.runbookBaseUrl;
  return {
    name,
    ...(block.account !== undefined && { account: block.account }),
    ...(block.region !== undefined && { region: block.region }),
    ...(block.adminRoleArn !== undefined && { adminRoleArn: substitute(block.adminRoleArn, name, block.account) }),
    alerts: (block.alerts ?? []).map(toSubscription),
    ...(block.network && {
      network: {
        vpcId: block.network.vpcId,
        subnetIds: [...block.network.subnetIds],
        securityGroupIds: [...block.network.securityGroupIds],
        secretsManagerEndpoint: block.network.secretsManagerEndpoint ?? false,
      },
    }),
    audit: { ...BUILTIN_DEFAULTS.audit, ...defaults.audit, ...block.audit },
    schedules: { ...BUILTIN_DEFAULTS.schedules, ...defaults.schedules, ...block.schedules },
    inventory: { ...BUILTIN_DEFAULTS.inventory, ...defaults.inventory, ...block.inventory },
    shards: block.shards ?? 0,
    ...(runbookBaseUrl !== undefined && { runbookBaseUrl }),
  };
}

/**
 * Stands in for a required value nobody set (classification, postgres host or username, external
 * rotateBy); the rules report each one, so no entry holding it ever leaves the loader.
 */
export const UNSET = '' as never;

/** True when the secret exists in the environment (`only` absent or naming it). */
export function existsIn(secret: SecretBlock, environment: string): boolean {
  return secret.only === undefined || secret.only.includes(environment);
}

/** The secret as the environment sees it; required values nobody set come back as UNSET. */
export function resolveSecret(document: CatalogDocument, secret: SecretBlock, environment: Environment): SecretEntry {
  const override = secret.environments?.[environment.name] ?? {};
  const defaults = document.defaults ?? {};
  const base = {
    name: secret.name,
    classification: override.classification ?? secret.classification ?? defaults.classification ?? UNSET,
    owner: override.owner ?? secret.owner,
    description: override.description ?? secret.description,
    readers: (override.readers ?? secret.readers ?? []).map((arn) => substitute(arn, environment.name, environment.account)),
    ...((override.stack ?? secret.stack) !== undefined && { stack: override.stack ?? secret.stack }),
  };
  const rotation = mergeRotation([BUILTIN_DEFAULTS.rotation, defaults.rotation, secret.rotation, override.rotation]);
  switch (secret.kind) {
    case 'postgres': {
      const postgres = { ...BUILTIN_DEFAULTS.postgres, ...defaults.postgres, ...secret.postgres, ...override.postgres };
      return {
        ...base,
        kind: 'postgres',
        rotation: { ...rotation, strategy: rotation.strategy ?? 'single-user' },
        postgres: {
          engine: postgres.engine,
          host: postgres.host ?? UNSET,
          port: postgres.port,
          dbname: postgres.dbname,
          username: postgres.username ?? UNSET,
          ssl: postgres.ssl,
          ...(postgres.masterSecret !== undefined && { masterSecret: postgres.masterSecret }),
        },
      };
    }
    case 'random':
      return {
        ...base,
        kind: 'random',
        rotation: { ...rotation, strategy: rotation.strategy ?? 'single-user' },
        random: { ...BUILTIN_DEFAULTS.random, ...defaults.random, ...secret.random, ...override.random },
      };
    case 'external':
      return { ...base, kind: 'external', external: { rotateBy: override.external?.rotateBy ?? secret.external?.rotateBy ?? UNSET } };
  }
}

/** Index of the most specific rotation layer that sets the interval (days or hours). */
export function intervalLayer(layers: readonly (RotationBlock | undefined)[]): number {
  for (let index = layers.length - 1; index >= 0; index -= 1) {
    const layer = layers[index];
    if (layer?.days !== undefined || layer?.hours !== undefined) return index;
  }
  return -1;
}

/** Window, strategy and justification merge key by key; the interval comes whole from one layer. */
function mergeRotation(layers: readonly (RotationBlock | undefined)[]): RotationSettings {
  const merged: RotationBlock = Object.assign({}, ...layers.map((layer) => layer ?? {}));
  const interval = layers[intervalLayer(layers)] ?? {};
  delete merged.days;
  delete merged.hours;
  return {
    ...(interval.hours !== undefined ? { hours: interval.hours } : { days: interval.days }),
    ...merged,
  };
}

function toSubscription(alert: AlertBlock): AlertSubscription {
  if ('email' in alert) return { protocol: 'email', endpoint: alert.email };
  if ('https' in alert) return { protocol: 'https', endpoint: alert.https };
  return { protocol: 'sqs', endpoint: alert.sqs };
}

/** `{env}` and `{account}` in ARNs, so one line can name each environment's own role. */
function substitute(arn: string, environment: string, account: string | undefined): string {
  const withEnv = arn.replaceAll('{env}', environment);
  return account === undefined ? withEnv : withEnv.replaceAll('{account}', account);
}
