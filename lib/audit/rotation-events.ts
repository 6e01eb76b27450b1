import { RUNBOOK_ANCHOR } from './runbook';

// Secrets Manager records rotation outcomes as CloudTrail service events (eventType
// AwsServiceEvent); EventBridge delivers them with source `aws.secretsmanager` and detail-type
// "AWS Service Event via CloudTrail" (Secrets Manager User Guide, "CloudTrail entries" and "Match
// Secrets Manager events with EventBridge"). A trail is not needed for EventBridge delivery of
// management events, but these rules only fire in the region of the secret.
//
// Where the secret's ARN sits has changed over time. Recorded events carry it as
// `detail.additionalEventData.SecretId` (e.g. a RotationFailed of 2021:
// {"requestParameters": null, "additionalEventData": {"SecretId": "arn:aws:secretsmanager:...:secret:..."}});
// newer service events carry it as `detail.serviceEventDetails.secretId`. A rule keyed on one
// spelling silently misses the other, so the pattern accepts either (EventBridge `$or`).

export const ROTATION_FAILURE_EVENTS = [
  { eventName: 'RotationFailed', runbookAnchor: RUNBOOK_ANCHOR.rotationFailed, what: 'rotation failed' },
  { eventName: 'TestRotationFailed', runbookAnchor: RUNBOOK_ANCHOR.testRotationFailed, what: 'a test rotation failed' },
  { eventName: 'RotationAbandoned', runbookAnchor: RUNBOOK_ANCHOR.rotationAbandoned, what: 'a rotation was abandoned (AWSPENDING removed)' },
] as const;

type RotationFailureEventName = (typeof ROTATION_FAILURE_EVENTS)[number]['eventName'];

/** The two places AWS has put the secret ARN in these events, as JSON paths from the event root. */
export const SECRET_ARN_PATHS = ['$.detail.additionalEventData.SecretId', '$.detail.serviceEventDetails.secretId'] as const;

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<env>/`: every secret of the environment. */
export function environmentSecretArnPrefix(opts: { partition: string; region: string; account: string; environmentName: string }): string {
  return `arn:${opts.partition}:secretsmanager:${opts.region}:${opts.account}:secret:${opts.environmentName}/`;
}

/**
 * EventBridge pattern for some of the failure events on the environment's secrets only: the ARN
 * prefix `...:secret:<env>/` under either spelling of the ARN key.
 */
interface RotationFailurePattern {
  readonly source: string[];
  readonly 'detail-type': string[];
  readonly detail: Record<string, unknown>;
}

export function rotationFailurePattern(eventNames: readonly RotationFailureEventName[], secretArnPrefix: string): RotationFailurePattern {
  return {
    source: ['aws.secretsmanager'],
    'detail-type': ['AWS Service Event via CloudTrail'],
    detail: {
      eventSource: ['secretsmanager.amazonaws.com'],
      eventName: [...eventNames],
      $or: [
        { additionalEventData: { SecretId: [{ prefix: secretArnPrefix }] } },
        { serviceEventDetails: { secretId: [{ prefix: secretArnPrefix }] } },
      ],
    },
  };
}
