import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { secretName, type EnvironmentCatalog, type PostgresSecret, type SecretEntry } from '../catalog/types';
import { randomBits } from '../../contract/random-token';
import { ManagedSecret } from './managed-secret';
import { RotationFunctions, ROTATED_KINDS, type RotatedKind } from './rotation-functions';
import { RotationNetworkRefs } from './rotation-network';
import { deploymentRoleArn } from './secret-access';
import { SecretRotation } from './secret-rotation';
import { SecretsEndpoint } from './secrets-endpoint';
import { SecretsKey } from './secrets-key';

export interface EnvironmentSecretsProps {
  readonly catalog: EnvironmentCatalog;
  /** Reserved concurrency of each rotation function (default 5). */
  readonly rotationConcurrency?: number;
  /**
   * Sharded environments: the construct each secret is created under (a scope in its shard stack,
   * or this construct for secrets pinned to the main stack). Grants then cover the environment's
   * name prefix and tags rather than each secret's ARN (see RotationFunctions.grantEnvironmentRotation).
   */
  readonly scopeFor?: (entry: SecretEntry, environmentSecrets: Construct) => Construct;
}

/** The weakest random token the catalog declares in this environment (undefined without one). */
function weakestRandomBits(secrets: readonly SecretEntry[]): number | undefined {
  const bits = secrets.flatMap((entry) => (entry.kind === 'random' ? [randomBits(entry.random)] : []));
  return bits.length === 0 ? undefined : Math.min(...bits);
}

/** The master secret a PostgreSQL entry rotates with, when it uses alternating users. */
function masterOf(entry: SecretEntry): string | undefined {
  return entry.kind === 'postgres' && entry.rotation.strategy === 'alternating-users' ? entry.postgres.masterSecret : undefined;
}

/** Catalog order, except that a master secret always comes before the secrets that name it. */
function creationOrder(secrets: readonly SecretEntry[]): SecretEntry[] {
  const byName = new Map(secrets.map((s) => [s.name, s]));
  const ordered: SecretEntry[] = [];
  const placed = new Set<string>();
  const place = (entry: SecretEntry, chain: readonly string[]): void => {
    if (placed.has(entry.name)) return;
    if (chain.includes(entry.name)) throw new Error(`secrets ${[...chain, entry.name].join(' -> ')}: master secrets form a cycle; fix masterSecret in the catalog`);
    const master = masterOf(entry);
    if (master !== undefined) {
      const masterEntry = byName.get(master);
      if (!masterEntry) throw new Error(`secret ${entry.name}: master secret ${master} is not in this environment; fix postgres.masterSecret in the catalog`);
      place(masterEntry, [...chain, entry.name]);
    }
    placed.add(entry.name);
    ordered.push(entry);
  };
  for (const entry of secrets) place(entry, []);
  return ordered;
}

/**
 * One environment's secrets: its key, its secrets with their resource policies, one rotation
 * function per rotated kind, a schedule per rotated secret, and the optional VPC endpoint.
 */
export class EnvironmentSecrets extends Construct {
  readonly environmentName: string;
  readonly key: kms.Key;
  /** By catalog name. */
  readonly secrets: ReadonlyMap<string, ManagedSecret>;
  /** By kind; only kinds the environment has. */
  readonly rotationFunctions: ReadonlyMap<RotatedKind, NodejsFunction>;
  /** By catalog name; external secrets have none. */
  readonly rotations: ReadonlyMap<string, SecretRotation>;
  readonly endpoint?: SecretsEndpoint;

  constructor(scope: Construct, id: string, props: EnvironmentSecretsProps) {
    super(scope, id);
    const { environment, secrets: entries } = props.catalog;
    this.environmentName = environment.name;

    const network = environment.network ? new RotationNetworkRefs(this, 'Network', environment.network) : undefined;
    this.key = new SecretsKey(this, 'Key', {
      environmentName: environment.name,
      adminRoleArn: environment.adminRoleArn,
      readers: entries.map((e) => ({ secretName: secretName(environment.name, e.name), readerArns: e.readers })),
      readerStatements: props.scopeFor ? 'environment' : 'per-secret',
    }).key;

    const kinds = ROTATED_KINDS.filter((kind) => entries.some((e) => e.kind === kind));
    const functions = new RotationFunctions(this, 'Rotation', {
      environmentName: environment.name,
      kinds,
      encryptionKey: this.key,
      network,
      reservedConcurrency: props.rotationConcurrency,
      randomMinBits: weakestRandomBits(entries),
      adminRoleArn: environment.adminRoleArn,
    });
    this.rotationFunctions = functions.all;
    if (network && environment.network?.secretsManagerEndpoint) {
      this.endpoint = new SecretsEndpoint(this, 'SecretsManagerEndpoint', {
        environmentName: environment.name,
        vpc: network.vpc,
        subnetIds: environment.network.subnetIds,
        clientSecurityGroups: network.securityGroups,
      });
    }

    const scopeFor = props.scopeFor ?? ((_entry: SecretEntry, self: Construct) => self);
    const secrets = new Map<string, ManagedSecret>();
    for (const entry of creationOrder(entries)) {
      const master = masterOf(entry);
      secrets.set(
        entry.name,
        // Same id in every stack: a secret's logical id does not depend on which stack holds it.
        new ManagedSecret(scopeFor(entry, this), `Secret-${entry.name.replaceAll('/', '--')}`, {
          environmentName: environment.name,
          entry,
          encryptionKey: this.key,
          masterSecretArn: master ? secrets.get(master)!.secretArn : undefined,
        }),
      );
    }
    this.secrets = secrets;

    const rotated = entries.filter((e): e is Exclude<SecretEntry, { kind: 'external' }> => e.kind !== 'external');
    const sharded = props.scopeFor !== undefined;
    const environmentPermissions = new Map(
      sharded
        ? kinds.map((kind) => {
            functions.grantEnvironmentRotation(kind, environment.name);
            return [kind, functions.allowEnvironmentInvocation(kind, environment.name)] as const;
          })
        : [],
    );
    for (const kind of sharded ? [] : kinds) {
      const ofKind = rotated.filter((e) => e.kind === kind);
      functions.grantRotation(
        kind,
        ofKind.map((e) => secrets.get(e.name)!.secretArn),
        ofKind.flatMap((e) => (masterOf(e) ? [secrets.get(masterOf(e)!)!.secretArn] : [])),
      );
    }
    const mastersReadBy = new Map<string, string[]>();
    for (const entry of rotated.filter((e): e is PostgresSecret => masterOf(e) !== undefined)) {
      const readers = mastersReadBy.get(masterOf(entry)!) ?? [];
      readers.push(functions.functionFor('postgres').role.roleArn);
      mastersReadBy.set(masterOf(entry)!, readers);
    }

    const rotations = new Map<string, SecretRotation>();
    for (const secret of secrets.values()) {
      const entry = secret.entry;
      const fn = entry.kind === 'external' ? undefined : functions.functionFor(entry.kind);
      const policy = secret.restrictAccess({
        readers: entry.readers,
        rotationRoleArn: fn?.role.roleArn,
        masterReaderRoleArns: mastersReadBy.get(entry.name) ?? [],
        adminRoleArn: environment.adminRoleArn,
        deploymentRoleArn: deploymentRoleArn(this),
        // Readers and admin roles of the other environments: denied on every secret of this one.
        foreignPrincipals: props.catalog.otherEnvironmentPrincipals ?? [],
      });
      if (entry.kind === 'external' || !fn) continue;
      const permission = environmentPermissions.get(entry.kind) ?? functions.allowInvocation(entry.kind, secret, secret.secretArn);
      const rotation = new SecretRotation(secret, 'Rotation', {
        secretArn: secret.secretArn,
        rotationLambdaArn: fn.function.functionArn,
        rotation: entry.rotation,
        rotateImmediately: entry.kind !== 'postgres',
      });
      // The first rotation may start while CloudFormation is still creating: everything it needs must exist first.
      rotation.node.addDependency(permission, policy, fn.role);
      rotations.set(entry.name, rotation);
    }
    this.rotations = rotations;
  }
}
