import { METRIC_NAMESPACE } from '../../contract/metrics';
import { InputError } from '../../contract/errors';
import { MAX_FILTER_PATTERN_LENGTH, type AuditFilterDefinition } from './filter-definition';
import { RUNBOOK_ANCHOR } from './runbook';

export interface SecretsFilterScope {
  /** The environment: its secrets are named `<environment>/<name>` (docs/architecture.md, "Contracts"). */
  readonly environmentName: string;
  /** ARN of the environment's secrets key (DisableKey / ScheduleKeyDeletion on it alarms). */
  readonly secretsKeyArn: string;
  /**
   * Roles whose RotateSecret / CancelRotateSecret calls are automation, not a person: the
   * deployment (CloudFormation execution) role, the rotation functions' roles. Matched on
   * userIdentity.sessionContext.sessionIssuer.arn, which CloudTrail records as the role ARN.
   */
  readonly automationRoleArns?: readonly string[];
}

/** Base names of the audit metrics; the deployed metric name carries the environment (see auditMetricName). */
export const AUDIT_METRIC = {
  secretAccessDenied: 'SecretAccessDenied',
  deletedSecretRead: 'DeletedSecretRead',
  secretDeletedOrRestored: 'SecretDeletedOrRestored',
  secretPolicyChanged: 'SecretPolicyChanged',
  secretKeyChanged: 'SecretKeyChanged',
  rotationChangedByPerson: 'RotationChangedByPerson',
  replicationRemoved: 'SecretReplicationRemoved',
  valueWrittenOutsideRotation: 'SecretValueWrittenOutsideRotation',
  secretTagsChanged: 'SecretTagsChanged',
  secretsKeyDisabled: 'SecretsKeyDisabledOrDeleted',
} as const;

/**
 * CloudWatch Logs metric filters cannot attach a constant dimension (a filter's dimension values
 * are fields of the matched event), so the `Environment` dimension every SecretsWarden metric
 * carries elsewhere is encoded in the name: two environments in one account never share a metric.
 */
export function auditMetricName(base: string, environmentName: string): string {
  return `${base}-${environmentName}`;
}

const SECRETS_MANAGER = '$.eventSource = "secretsmanager.amazonaws.com"';

function eventNameIn(...names: string[]): string {
  return names.length === 1 ? `$.eventName = "${names[0]}"` : `(${names.map((n) => `$.eventName = "${n}"`).join(' || ')})`;
}

/**
 * The environment's secrets, as CloudTrail records the secret a call was about. Callers may name a
 * secret by name (`prod/db`), partial ARN or full ARN (`arn:aws:secretsmanager:...:secret:prod/db-AbCdEf`);
 * requestParameters.secretId keeps what the caller sent, so both forms are matched. The `/` after the
 * environment keeps `prod-eu/...` out of `prod`. Calls without a secretId (ListSecrets,
 * BatchGetSecretValue's secretIdList) cannot be scoped this way and are not counted.
 */
function secretIdInEnvironment(environmentName: string): string {
  return `($.requestParameters.secretId = "${environmentName}/*" || $.requestParameters.secretId = "*:secret:${environmentName}/*")`;
}

/** The definitions of the secrets-specific filters (namespace SecretsWarden) for one environment. */
export function secretsFilterDefinitions(scope: SecretsFilterScope): AuditFilterDefinition[] {
  const env = scope.environmentName;
  const inEnv = secretIdInEnvironment(env);
  const succeeded = '$.errorCode NOT EXISTS';
  const define = (
    key: keyof typeof AUDIT_METRIC,
    title: string,
    pattern: string,
    howToFind = 'requestParameters.secretId of the matching CloudTrail event (Logs Insights query in the runbook section)',
  ): AuditFilterDefinition => ({
    id: AUDIT_METRIC[key],
    shortName: AUDIT_METRIC[key],
    title,
    filterName: `SecretsWarden-${env}-${AUDIT_METRIC[key]}`,
    namespace: METRIC_NAMESPACE,
    metricName: auditMetricName(AUDIT_METRIC[key], env),
    pattern: `{ ${pattern} }`,
    runbookAnchor: RUNBOOK_ANCHOR[key],
    howToFind,
  });

  // A person: an IAM user, the root user, an Identity Center user, or a role session (SSO users
  // arrive as AssumedRole) that is not one of the environment's automation roles, and that no AWS
  // service made on someone's behalf (CloudFormation's calls carry userIdentity.invokedBy).
  const notAutomation = (scope.automationRoleArns ?? []).map((arn) => ` && $.userIdentity.sessionContext.sessionIssuer.arn != "${arn}"`).join('');
  const byPerson =
    '$.userIdentity.invokedBy NOT EXISTS && ($.userIdentity.type = "IAMUser" || $.userIdentity.type = "Root" || $.userIdentity.type = "IdentityCenterUser" || ' +
    `($.userIdentity.type = "AssumedRole"${notAutomation}))`;

  // Anyone but the automation: not CloudFormation (calls it makes carry userIdentity.invokedBy
  // "cloudformation.amazonaws.com"), and not a session of one of the automation roles (the
  // deployment role CloudFormation uses as its service role, the rotation functions' roles).
  // Written with NOT EXISTS / type checks because a comparison on an absent field does not match.
  const sessionOfAutomation = (scope.automationRoleArns ?? []).map((arn) => `$.userIdentity.sessionContext.sessionIssuer.arn != "${arn}"`).join(' && ');
  const notByAutomation =
    '($.userIdentity.invokedBy NOT EXISTS || $.userIdentity.invokedBy != "cloudformation.amazonaws.com")' +
    (sessionOfAutomation === '' ? '' : ` && ($.userIdentity.type != "AssumedRole" || (${sessionOfAutomation}))`);
  const byWhom = 'requestParameters.secretId and userIdentity.arn of the matching CloudTrail event (Logs Insights query in the runbook section)';

  const definitions = [
    define(
      'secretAccessDenied',
      `Secrets Manager denied access to a ${env} secret`,
      // IAM and resource-policy denials are recorded as errorCode AccessDenied; KMS denials surfaced
      // by Secrets Manager as AccessDeniedException: the prefix covers both.
      `${SECRETS_MANAGER} && $.errorCode = "AccessDenied*" && ${inEnv}`,
    ),
    define(
      'deletedSecretRead',
      `Someone read a ${env} secret that is scheduled for deletion`,
      // GetSecretValue on a secret pending deletion fails with InvalidRequestException "You can't
      // perform this operation on the secret because it was marked for deletion."; AWS's own
      // example filter (Secrets Manager User Guide, monitoring) looked for "...because it was deleted".
      `${SECRETS_MANAGER} && $.eventName = "GetSecretValue" && ($.errorMessage = "*because it was marked for deletion*" || $.errorMessage = "*secret because it was deleted*") && ${inEnv}`,
    ),
    define(
      'secretDeletedOrRestored',
      `A ${env} secret was scheduled for deletion or restored`,
      `${SECRETS_MANAGER} && ${eventNameIn('DeleteSecret', 'RestoreSecret')} && ${succeeded} && ${inEnv}`,
    ),
    define(
      'secretPolicyChanged',
      `The resource policy of a ${env} secret was replaced or removed`,
      `${SECRETS_MANAGER} && ${eventNameIn('PutResourcePolicy', 'DeleteResourcePolicy')} && ${succeeded} && ${inEnv}`,
    ),
    define(
      'secretKeyChanged',
      `A ${env} secret was re-encrypted under another KMS key`,
      // UpdateSecret carries kmsKeyId only when the caller sets one; the environment's own key
      // (by ARN, as CloudFormation passes it, or by alias) is not a change.
      `${SECRETS_MANAGER} && $.eventName = "UpdateSecret" && $.requestParameters.kmsKeyId = * && $.requestParameters.kmsKeyId != "${scope.secretsKeyArn}" && $.requestParameters.kmsKeyId != "alias/secrets-warden/${env}" && ${succeeded} && ${inEnv}`,
    ),
    define(
      'rotationChangedByPerson',
      `A person started or cancelled rotation of a ${env} secret by hand`,
      `${SECRETS_MANAGER} && ${eventNameIn('RotateSecret', 'CancelRotateSecret')} && ${succeeded} && ${byPerson} && ${inEnv}`,
      'requestParameters.secretId and userIdentity.arn of the matching CloudTrail event (Logs Insights query in the runbook section)',
    ),
    define(
      'replicationRemoved',
      `Replication of a ${env} secret to another region was removed`,
      `${SECRETS_MANAGER} && ${eventNameIn('RemoveRegionsFromReplication', 'StopReplicationToReplica')} && ${succeeded} && ${inEnv}`,
    ),
    define(
      'valueWrittenOutsideRotation',
      `Someone other than rotation or CloudFormation wrote the value of a ${env} secret`,
      // UpdateSecret may carry a SecretString (a new AWSCURRENT); CloudTrail never records the
      // value, so every UpdateSecret by a person counts, as every PutSecretValue does.
      `${SECRETS_MANAGER} && ${eventNameIn('PutSecretValue', 'UpdateSecret')} && ${succeeded} && ${notByAutomation} && ${inEnv}`,
      byWhom,
    ),
    define(
      'secretTagsChanged',
      `Someone other than CloudFormation changed the tags of a ${env} secret`,
      // Tags drive rotation (warden:random-* settings) and the inventory (warden:* facts).
      `${SECRETS_MANAGER} && ${eventNameIn('TagResource', 'UntagResource')} && ${succeeded} && ${notByAutomation} && ${inEnv}`,
      byWhom,
    ),
    define(
      'secretsKeyDisabled',
      `Someone disabled or scheduled deletion of the ${env} secrets key`,
      // KMS records the key ARN in resources[] whatever the caller passed (key id, ARN or alias);
      // attempts that failed are counted too: trying to delete this key is the alarm.
      `$.eventSource = "kms.amazonaws.com" && ${eventNameIn('DisableKey', 'ScheduleKeyDeletion')} && ($.resources[0].ARN = "${scope.secretsKeyArn}" || $.requestParameters.keyId = "${scope.secretsKeyArn}")`,
      `the ${env} secrets key ${scope.secretsKeyArn}; every ${env} secret depends on it`,
    ),
  ];
  for (const definition of definitions) {
    if (definition.pattern.length > MAX_FILTER_PATTERN_LENGTH) {
      throw new InputError(
        `audit filter ${definition.shortName} of environment ${env}`,
        `its pattern is ${definition.pattern.length} characters; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}`,
        'pass fewer automationRoleArns (the deployment and rotation roles) or a shorter environment name',
      );
    }
  }
  return definitions;
}
