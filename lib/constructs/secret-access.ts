import { Aws, DefaultStackSynthesizer, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Read access for a catalog reader: the value and the metadata, nothing else. */
export const READER_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

/** What the four rotation steps call on the secret they rotate. */
export const ROTATION_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
];

/**
 * Actions that write a secret value or move its stages; only rotation, the admin role and the
 * deployment role may call them. UpdateSecret belongs here: with a SecretString it writes a new
 * AWSCURRENT just as PutSecretValue does.
 */
const VALUE_WRITE_ACTIONS = ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:UpdateSecretVersionStage'];

/** Tags drive rotation (warden:random-*) and the inventory: only the admin role and the deployment role change them. */
const TAG_ACTIONS = ['secretsmanager:TagResource', 'secretsmanager:UntagResource'];

/**
 * The role CloudFormation deploys the stack with: the execution role `cdk bootstrap` creates
 * (DefaultStackSynthesizer), with the app's bootstrap qualifier.
 */
export function deploymentRoleArn(scope: Construct): string {
  const qualifier = (scope.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return Fn.sub(DefaultStackSynthesizer.DEFAULT_CLOUDFORMATION_ROLE_ARN.replace('${Qualifier}', qualifier));
}

export interface SecretAccess {
  /** Catalog readers of this secret (IAM principal ARNs). */
  readonly readers: readonly string[];
  /** Role of the function that rotates this secret (read and write). */
  readonly rotationRoleArn?: string;
  /** Roles of functions that read this secret as a master secret while rotating another one (read only). */
  readonly masterReaderRoleArns: readonly string[];
  /** The environment's admin role (full use). */
  readonly adminRoleArn?: string;
  /** The role CloudFormation deploys with (deploymentRoleArn): keeps what stack updates need. */
  readonly deploymentRoleArn?: string;
  /** Principals of the other environments: denied everything on this secret. */
  readonly foreignPrincipals: readonly string[];
}

const uniqueSorted = (values: readonly string[]): string[] => [...new Set(values)].sort();

/**
 * The secret's resource policy (Resource `*` means this secret). Allows name exactly who may use it;
 * denies make that exclusive even for principals whose identity policies allow more (an explicit
 * deny always wins: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * CloudFormation's execution role is deliberately not denied metadata or DeleteSecret actions, so
 * that stack updates and deletions keep working; it is never allowed to read the value.
 *
 * Value writes (PutSecretValue, UpdateSecret, UpdateSecretVersionStage) and tag changes
 * (TagResource, UntagResource) are denied to everyone but the principals that need them, and the
 * deployment role is one of them. How that was checked: CloudFormation makes a stack's calls with
 * the service role it was given ("If you specify a service role, CloudFormation uses that role's
 * credentials", CloudFormation User Guide, service role), which for `cdk deploy` is the bootstrap
 * execution role, so aws:PrincipalArn is that role's ARN. Updating an AWS::SecretsManager::Secret
 * calls UpdateSecret (description, KmsKeyId, a new SecretString/GenerateSecretString) and, for Tags,
 * TagResource and UntagResource (the API has no other way to change tags), so denying those to the
 * deployment role would fail every stack update that touches a secret. In CloudTrail these calls
 * carry userIdentity.invokedBy "cloudformation.amazonaws.com" and the session issuer is the
 * execution role: the audit alarms on value writes and tag changes exclude both (secrets-filters.ts).
 * A deployment without a service role uses the deployer's own credentials: that person then needs
 * to be the admin role.
 */
export function secretResourcePolicy(access: SecretAccess): iam.PolicyDocument {
  const readers = uniqueSorted(access.readers);
  const rotation = access.rotationRoleArn ? [access.rotationRoleArn] : [];
  const admin = access.adminRoleArn ? [access.adminRoleArn] : [];
  // The function that rotates a master secret already reads it.
  const masterReaders = uniqueSorted(access.masterReaderRoleArns).filter((arn) => !rotation.includes(arn));
  const mayRead = [...readers, ...rotation, ...masterReaders, ...admin];
  const deployment = access.deploymentRoleArn ? [access.deploymentRoleArn] : [];
  const mayWrite = [...rotation, ...admin, ...deployment];
  const mayTag = [...admin, ...deployment];
  const allowed = new Set(mayRead);
  const foreign = uniqueSorted(access.foreignPrincipals).filter((arn) => !allowed.has(arn));
  const statements: iam.PolicyStatement[] = [];

  if (readers.length > 0) {
    statements.push(
      new iam.PolicyStatement({ sid: 'AllowReaders', principals: readers.map((arn) => new iam.ArnPrincipal(arn)), actions: READER_ACTIONS, resources: ['*'] }),
    );
  }
  if (rotation.length > 0) {
    statements.push(
      new iam.PolicyStatement({ sid: 'AllowRotationFunction', principals: rotation.map((arn) => new iam.ArnPrincipal(arn)), actions: ROTATION_ACTIONS, resources: ['*'] }),
    );
  }
  if (masterReaders.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AllowRotationFunctionsToReadMaster',
        principals: masterReaders.map((arn) => new iam.ArnPrincipal(arn)),
        actions: READER_ACTIONS,
        resources: ['*'],
      }),
    );
  }
  if (admin.length > 0) {
    statements.push(
      new iam.PolicyStatement({ sid: 'AllowEnvironmentAdmin', principals: admin.map((arn) => new iam.ArnPrincipal(arn)), actions: ['secretsmanager:*'], resources: ['*'] }),
    );
  }
  if (foreign.length > 0) {
    // A condition rather than principals: Secrets Manager rejects a policy naming a principal that does
    // not exist, and another environment's roles may live in another account.
    statements.push(
      new iam.PolicyStatement({
        sid: 'DenyOtherEnvironments',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['secretsmanager:*'],
        resources: ['*'],
        conditions: { ArnLike: { 'aws:PrincipalArn': foreign } },
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      sid: 'DenyReadExceptReadersRotationAndAdmin',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['*'],
      // With nobody allowed (an external secret without readers or admin role) the value is readable by no one.
      ...(mayRead.length > 0 ? { conditions: { StringNotEquals: { 'aws:PrincipalArn': mayRead } } } : {}),
    }),
  );
  if (mayWrite.length > deployment.length) {
    // Without a rotation function or admin role (an external secret), a person with IAM rights must still
    // be able to put the value they rotated by hand, so no write deny is possible then.
    statements.push(
      new iam.PolicyStatement({
        sid: 'DenyValueWritesExceptRotationAdminAndDeployment',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: VALUE_WRITE_ACTIONS,
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:PrincipalArn': mayWrite } },
      }),
    );
  }
  if (mayTag.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'DenyTagChangesExceptAdminAndDeployment',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: TAG_ACTIONS,
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:PrincipalArn': mayTag } },
      }),
    );
  }
  statements.push(
    // Break-glass: the admin role may still delete; the root user must first replace this policy
    // (PutResourcePolicy, recorded by CloudTrail) before DeleteSecret. CloudFormation's role is not root.
    new iam.PolicyStatement({
      sid: 'DenyDeletionByAccountRoot',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['secretsmanager:DeleteSecret'],
      resources: ['*'],
      conditions: { ArnEquals: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root` } },
    }),
  );
  return new iam.PolicyDocument({ statements });
}
