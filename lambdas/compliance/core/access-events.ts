// Reading a CloudTrail event for the access audit. LookupEvents returns each event's full record as
// a JSON string (CloudTrailEvent); only identifiers are kept from it: who, what, which secret,
// which error code. Request and response payloads are never copied, so nothing value-like (a
// SecretString sent to PutSecretValue, a message) can reach the report.

export const SECRETS_MANAGER_EVENT_SOURCE = 'secretsmanager.amazonaws.com';

export interface AccessEvent {
  readonly eventTime: string;
  readonly eventName: string;
  /** IAM identity that made the call: the role for an assumed-role session, the user, the service. */
  readonly principal: string;
  /** The SecretId as the caller gave it (name, partial or full ARN); null when the call names none. */
  readonly secretId: string | null;
  readonly errorCode: string | null;
  /** The call was refused because the secret is scheduled for deletion. */
  readonly markedForDeletion: boolean;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The principal behind a CloudTrail userIdentity. An assumed-role session's ARN names the session
 * (`arn:aws:sts::…:assumed-role/Role/session`); the catalog lists the role, which CloudTrail gives
 * as sessionContext.sessionIssuer.arn.
 */
export function principalOf(userIdentity: unknown): string {
  if (!isObject(userIdentity)) return 'unknown';
  const type = text(userIdentity.type);
  const issuer = isObject(userIdentity.sessionContext) && isObject(userIdentity.sessionContext.sessionIssuer) ? text(userIdentity.sessionContext.sessionIssuer.arn) : null;
  if (type === 'AssumedRole' && issuer) return issuer;
  if (type === 'AWSService') return text(userIdentity.invokedBy) ?? 'AWSService';
  return text(userIdentity.arn) ?? issuer ?? text(userIdentity.invokedBy) ?? `${type ?? 'unknown'}:${text(userIdentity.principalId) ?? 'unknown'}`;
}

function secretIdOf(record: JsonObject): string | null {
  const params = record.requestParameters;
  if (isObject(params)) {
    const id = text(params.secretId) ?? text(params.SecretId);
    if (id) return id;
  }
  // Some events name the secret only in `resources`; before February 2024 some spelled the key "aRN"
  // (Secrets Manager user guide, "AWS CloudTrail entries for Secrets Manager").
  if (Array.isArray(record.resources)) {
    for (const resource of record.resources) {
      if (isObject(resource)) {
        const arn = text(resource.ARN) ?? text(resource.arn) ?? text(resource.aRN);
        if (arn && arn.includes(':secretsmanager:')) return arn;
      }
    }
  }
  return null;
}

/** Secrets Manager refuses calls on a secret scheduled for deletion with InvalidRequestException and this wording. */
const MARKED_FOR_DELETION = /marked for deletion/i;

/** Parses one CloudTrailEvent string; null when it is not a JSON object with an event name. */
export function parseAccessEvent(cloudTrailEvent: string): AccessEvent | null {
  let record: unknown;
  try {
    record = JSON.parse(cloudTrailEvent);
  } catch {
    return null;
  }
  if (!isObject(record)) return null;
  const eventName = text(record.eventName);
  const eventTime = text(record.eventTime);
  if (!eventName || !eventTime) return null;
  const errorCode = text(record.errorCode);
  const errorMessage = text(record.errorMessage);
  return {
    eventTime,
    eventName,
    principal: principalOf(record.userIdentity),
    secretId: secretIdOf(record),
    errorCode,
    markedForDeletion: errorCode === 'InvalidRequestException' && errorMessage !== null && MARKED_FOR_DELETION.test(errorMessage),
  };
}
