import { Aws, Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { ROLLBACK_ALIAS } from '../../contract/rollback';
import { BUILTIN_DEFAULTS } from '../catalog/defaults';
import { TAG } from '../catalog/types';
import { acknowledge } from '../nag';
import { environmentSecretsArnPattern, viaSecretsManagerConditions } from './secrets-key';
import { POSTGRES_EXCLUDE_CHARACTERS, POSTGRES_PASSWORD_LENGTH } from './managed-secret';
import { READER_ACTIONS, ROTATION_ACTIONS } from './secret-access';
import { WardenFunction } from './warden-function';

export type RotatedKind = 'postgres' | 'random';
export const ROTATED_KINDS: readonly RotatedKind[] = ['postgres', 'random'];

const ROTATION_ENTRY: Record<RotatedKind, string> = {
  postgres: 'lambdas/rotation/handler-postgres.ts',
  random: 'lambdas/rotation/handler-random.ts',
};

/** What the random function falls back to when a secret lacks the `warden:random-*` tags: the catalog's built-in defaults. */
const RANDOM_DEFAULTS = BUILTIN_DEFAULTS.random;

interface RotationNetworkPlacement {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
}

export interface RotationFunctionsProps {
  readonly environmentName: string;
  /** The kinds this environment rotates: one function each, none for a kind without secrets. */
  readonly kinds: readonly RotatedKind[];
  readonly encryptionKey: kms.IKey;
  /**
   * The catalog's network: only the postgres function runs in it (it must reach the databases, and
   * Secrets Manager through an interface endpoint or NAT). The random-token function talks to
   * Secrets Manager alone, over its public endpoint, so it stays outside any VPC: no ENIs, no EC2
   * permissions, no dependency on the VPC's routes.
   */
  readonly network?: RotationNetworkPlacement;
  /** Concurrent rotations per function; Secrets Manager retries a throttled invocation. Default 5. */
  readonly reservedConcurrency?: number;
  /** RANDOM_MIN_BITS: the weakest random token the catalog declares here; tags may not go below it. */
  readonly randomMinBits?: number;
  /**
   * The environment's admin role (`environments.<env>.adminRoleArn`): the only principal the
   * `rollback` alias's resource policy allows. Without one, no resource policy grants the alias and
   * only identities of the account whose own policies allow it can invoke the rollback action.
   */
  readonly adminRoleArn?: string;
}

/** One rotation function per kind per environment, with no permission until a secret is granted to it. */
export class RotationFunctions extends Construct {
  private readonly functions = new Map<RotatedKind, WardenFunction>();
  /** Each function's `rollback` alias (on $LATEST): the only way into the rollback action. */
  readonly rollbackAliases = new Map<RotatedKind, lambda.Alias>();
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: RotationFunctionsProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    for (const kind of props.kinds) {
      const network = kind === 'postgres' ? props.network : undefined;
      const fn = new WardenFunction(this, kind === 'postgres' ? 'Postgres' : 'Random', {
        entry: ROTATION_ENTRY[kind],
        environmentName: props.environmentName,
        description: `secrets-warden ${props.environmentName}: rotates the ${kind} secrets (four-step rotation)`,
        timeout: Duration.seconds(kind === 'postgres' ? 120 : 30),
        reservedConcurrentExecutions: props.reservedConcurrency ?? 5,
        vpc: network?.vpc,
        vpcSubnets: network?.subnets,
        securityGroups: network?.securityGroups,
        // The RDS CA bundle travels as a file beside index.mjs (read on first connection), not as
        // 180 KB of strings inside the bundle.
        extraFiles: kind === 'postgres' ? [{ from: 'lambdas/rotation/postgres/rds-ca-bundle.pem', to: 'rds-ca-bundle.pem' }] : [],
        environment:
          kind === 'postgres'
            ? { PASSWORD_LENGTH: String(POSTGRES_PASSWORD_LENGTH), EXCLUDE_CHARACTERS: POSTGRES_EXCLUDE_CHARACTERS }
            : {
                RANDOM_LENGTH: String(RANDOM_DEFAULTS.length),
                RANDOM_ENCODING: RANDOM_DEFAULTS.encoding,
                RANDOM_KEY: RANDOM_DEFAULTS.key,
                ...(props.randomMinBits === undefined ? {} : { RANDOM_MIN_BITS: String(props.randomMinBits) }),
              },
      });
      this.functions.set(kind, fn);
      // The rollback action (`warden rollback`) runs only when invoked through this alias (the
      // handler checks the invoked ARN's qualifier). $LATEST: the same code as rotation, no version
      // to publish. Its resource policy allows only the admin role; Secrets Manager's permissions are
      // on the unqualified function, which a permission on an alias does not reach and vice versa.
      const alias = new lambda.Alias(fn, 'RollbackAlias', {
        aliasName: ROLLBACK_ALIAS,
        version: fn.function.latestVersion,
        description: `secrets-warden ${props.environmentName}: the rollback action (warden rollback), invocable by the admin role only`,
      });
      if (props.adminRoleArn) {
        new lambda.CfnPermission(alias, 'InvokeRollbackByAdminRole', {
          functionName: alias.functionArn,
          principal: props.adminRoleArn,
          action: 'lambda:InvokeFunction',
        });
      }
      this.rollbackAliases.set(kind, alias);
    }
  }

  /** The function of a kind; throws when the environment has no secret of that kind. */
  functionFor(kind: RotatedKind): WardenFunction {
    const fn = this.functions.get(kind);
    if (!fn) throw new Error(`no rotation function for kind ${kind}: it is created only when the environment has a ${kind} secret`);
    return fn;
  }

  /** Every rotation function, by kind (for alarms and dashboards). */
  get all(): ReadonlyMap<RotatedKind, NodejsFunction> {
    return new Map([...this.functions].map(([kind, fn]) => [kind, fn.function]));
  }

  /**
   * Lets the kind's function rotate exactly these secrets, and read (never write) their master
   * secrets; the key only through Secrets Manager and only for those secrets, which Secrets Manager
   * names in the encryption context (`kms:EncryptionContext:SecretARN`) of every call it makes.
   */
  grantRotation(kind: RotatedKind, secretArns: readonly string[], masterSecretArns: readonly string[]): void {
    if (secretArns.length === 0) return;
    const role = this.functionFor(kind).role;
    const masters = [...new Set(masterSecretArns)];
    const forSecrets = (arns: readonly string[]) => ({
      StringEquals: { ...viaSecretsManagerConditions().StringEquals, 'kms:EncryptionContext:SecretARN': [...arns] },
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'RotateOwnSecrets', actions: ROTATION_ACTIONS, resources: [...secretArns] }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptOwnSecrets',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.encryptionKey.keyArn],
        conditions: forSecrets(secretArns),
      }),
    );
    if (masters.length > 0) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadMasterSecrets', actions: READER_ACTIONS, resources: masters }));
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'DecryptMasterSecrets', actions: ['kms:Decrypt'], resources: [this.encryptionKey.keyArn], conditions: forSecrets(masters) }),
      );
    }
  }

  /**
   * Sharded environments: lets the kind's function rotate every secret of the environment that
   * carries its kind's tag, by name prefix and tags instead of one ARN per secret (a role's inline
   * policies are limited to 10,240 characters, about 55 secrets). Master secrets are postgres
   * secrets of the same environment, so the postgres function reads them through the same grant.
   */
  grantEnvironmentRotation(kind: RotatedKind, environmentName: string): void {
    const fn = this.functionFor(kind);
    const pattern = environmentSecretsArnPattern(environmentName);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RotateEnvironmentSecretsOfKind',
        actions: ROTATION_ACTIONS,
        resources: [pattern],
        conditions: { StringEquals: { [`secretsmanager:ResourceTag/${TAG.kind}`]: kind, [`secretsmanager:ResourceTag/${TAG.environment}`]: environmentName } },
      }),
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptEnvironmentSecrets',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.encryptionKey.keyArn],
        conditions: { ...viaSecretsManagerConditions(), StringLike: { 'kms:EncryptionContext:SecretARN': pattern } },
      }),
    );
    acknowledge(fn.role.node.findChild('DefaultPolicy'), {
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${environmentName}/*]`]:
        `A sharded environment's secrets live in many stacks; the grant covers the ${environmentName}/ name prefix and only secrets tagged ` +
        `${TAG.kind}=${kind} and ${TAG.environment}=${environmentName}, and each secret's resource policy still denies writes to every other role.`,
    });
  }

  /** Sharded environments: Secrets Manager may invoke the function for any secret of the environment (one permission, not one per secret). */
  allowEnvironmentInvocation(kind: RotatedKind, environmentName: string): lambda.CfnPermission {
    const fn = this.functionFor(kind);
    return new lambda.CfnPermission(fn, 'InvokeBySecretsManagerForEnvironment', {
      functionName: fn.function.functionArn,
      principal: 'secretsmanager.amazonaws.com',
      action: 'lambda:InvokeFunction',
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: environmentSecretsArnPattern(environmentName),
    });
  }

  /** Lets Secrets Manager invoke the function for one secret (confused-deputy protection by SourceAccount and SourceArn). */
  allowInvocation(kind: RotatedKind, scope: Construct, secretArn: string): lambda.CfnPermission {
    return new lambda.CfnPermission(scope, 'InvokeBySecretsManager', {
      functionName: this.functionFor(kind).function.functionArn,
      principal: 'secretsmanager.amazonaws.com',
      action: 'lambda:InvokeFunction',
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: secretArn,
    });
  }
}
