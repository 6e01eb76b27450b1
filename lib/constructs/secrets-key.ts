import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Key administration without usage: CDK's admin action list (Key.grantAdmin), minus nothing, plus on-demand rotation. */
const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** What Secrets Manager calls on the caller's behalf to store and read a secret value (envelope encryption). */
const SECRETS_MANAGER_KEY_USAGE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:CreateGrant'];

function alias(environmentName: string): string {
  return `alias/secrets-warden/${environmentName}`;
}

/**
 * The only way a principal may use the key: through Secrets Manager in this region, as a caller of
 * this account. https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
export function viaSecretsManagerConditions(): Record<string, Record<string, string>> {
  return {
    StringEquals: {
      'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com`,
      'kms:CallerAccount': Aws.ACCOUNT_ID,
    },
  };
}

/** The ARN pattern of a secret by name: Secrets Manager appends `-` and six random characters. */
function secretArnPattern(secretName: string): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretName}-??????`;
}

interface SecretReaders {
  /** `<env>/<name>`. */
  readonly secretName: string;
  readonly readerArns: readonly string[];
}

export interface SecretsKeyProps {
  readonly environmentName: string;
  /** The environment's admin role: administers the key (no direct usage). */
  readonly adminRoleArn?: string;
  /** Principals outside this stack (catalog readers) that decrypt their secrets through Secrets Manager. */
  readonly readers: readonly SecretReaders[];
  /**
   * `per-secret` (default): one statement per secret with readers, each for that secret only.
   * `environment` (sharded environments, thousands of secrets): one statement for every reader,
   * for any secret of the environment, so the key policy stays under KMS's 32 KB; which secret a
   * reader may read is still decided by that secret's resource policy, which Secrets Manager
   * evaluates before it asks KMS to decrypt.
   */
  readonly readerStatements?: 'per-secret' | 'environment';
}

/** The ARN pattern of every secret of an environment (`<env>/...`). */
export function environmentSecretsArnPattern(environmentName: string): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${environmentName}/*`;
}

function environmentReadersStatement(environmentName: string, readers: readonly SecretReaders[]): iam.PolicyStatement[] {
  const principals = [...new Set(readers.flatMap((r) => r.readerArns))].sort();
  if (principals.length === 0) return [];
  return [
    new iam.PolicyStatement({
      sid: 'ReadersDecryptEnvironmentSecrets',
      principals: principals.map((arn) => new iam.ArnPrincipal(arn)),
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { ...viaSecretsManagerConditions(), StringLike: { 'kms:EncryptionContext:SecretARN': environmentSecretsArnPattern(environmentName) } },
    }),
  ];
}

/** `prod/payments/db-app` -> `PaymentsDbApp` (the catalog name): statement ids allow letters and digits only. */
function sidPart(secretName: string): string {
  return secretName
    .slice(secretName.indexOf('/') + 1)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * One customer-managed key per environment, used by that environment's secrets only.
 *
 * - The account root and the admin role administer the key but cannot use it directly: without the
 *   root statement the key could become unmanageable, and KMS refuses a policy that locks out the caller.
 * - Usage is only through Secrets Manager, by callers of this account: the account delegates to IAM
 *   (CloudFormation's execution role creates the secrets; the rotation roles have identity policies),
 *   and catalog readers, whose roles this stack does not own, are named in the key policy for Decrypt
 *   of their own secrets only: Secrets Manager passes the secret ARN as encryption context
 *   (`kms:EncryptionContext:SecretARN`, as in AWSSecretsManagerClientReadOnlyAccess). The pattern is
 *   built from the name, since the key cannot refer to secrets that refer to it.
 */
export class SecretsKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SecretsKeyProps) {
    super(scope, id);
    const root = new iam.AccountRootPrincipal();
    const admins: iam.IPrincipal[] = [root, ...(props.adminRoleArn ? [new iam.ArnPrincipal(props.adminRoleArn)] : [])];
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ sid: 'KeyAdministration', principals: admins, actions: KEY_ADMIN_ACTIONS, resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'UseThroughSecretsManagerByThisAccount',
          principals: [root],
          actions: SECRETS_MANAGER_KEY_USAGE,
          resources: ['*'],
          conditions: viaSecretsManagerConditions(),
        }),
        ...(props.readerStatements === 'environment' ? environmentReadersStatement(props.environmentName, props.readers) : []),
        ...props.readers
          .filter((r) => props.readerStatements !== 'environment' && r.readerArns.length > 0)
          .map(
            (r, i, all) =>
              new iam.PolicyStatement({
                sid: `ReadersDecrypt${sidPart(r.secretName)}${all.findIndex((o) => sidPart(o.secretName) === sidPart(r.secretName)) === i ? '' : i}`,
                principals: [...new Set(r.readerArns)].sort().map((arn) => new iam.ArnPrincipal(arn)),
                actions: ['kms:Decrypt'],
                resources: ['*'],
                conditions: {
                  ...viaSecretsManagerConditions(),
                  StringLike: { 'kms:EncryptionContext:SecretARN': secretArnPattern(r.secretName) },
                },
              }),
          ),
      ],
    });
    this.key = new kms.Key(this, 'Key', {
      description: `secrets-warden ${props.environmentName}: encrypts the ${props.environmentName} secrets only`,
      alias: alias(props.environmentName),
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      policy,
    });
  }
}
