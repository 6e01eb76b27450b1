import { Aws } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ROTATION_FAILURE_EVENTS, environmentSecretArnPrefix, rotationFailurePattern, SECRET_ARN_PATHS } from '../audit/rotation-events';
import { runbookLink } from '../audit/runbook';

export interface RotationFailureEventsProps {
  readonly environmentName: string;
  readonly topic: sns.ITopic;
  /** Where docs/runbooks.md is published; default the repository-relative path. */
  readonly runbookBaseUrl?: string;
}

/**
 * Publishing needs the topic's permission: pass `rules` to AlertTopic.allowEventRules.
 *
 * One EventBridge rule per Secrets Manager rotation failure event (RotationFailed,
 * TestRotationFailed, RotationAbandoned) on the environment's secrets, each sending the alert topic
 * a readable message: environment, secret, event, error and the runbook section for that event.
 */
export class RotationFailureEvents extends Construct {
  readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: RotationFailureEventsProps) {
    super(scope, id);
    const env = props.environmentName;
    const prefix = environmentSecretArnPrefix({ partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID, environmentName: env });
    // Only one of the two ARN paths exists in a given event; EventBridge leaves a missing path's
    // placeholder empty, so writing both side by side yields the one that is there.
    const secret = SECRET_ARN_PATHS.map((path) => events.EventField.fromPath(path)).join('');
    // Imported by ARN: the SnsTopic target then adds no unconditioned publish statement (nor a
    // second key statement); the stack grants these rules with AlertTopic.allowEventRules.
    const topic = sns.Topic.fromTopicArn(this, 'AlertTopic', props.topic.topicArn);
    for (const failure of ROTATION_FAILURE_EVENTS) {
      const pattern = rotationFailurePattern([failure.eventName], prefix);
      const rule = new events.Rule(this, failure.eventName, {
        ruleName: `secrets-warden-${env}-${failure.eventName}`,
        description: `secrets-warden ${env}: Secrets Manager ${failure.eventName} on a ${env}/ secret -> alert topic`,
        eventPattern: { source: pattern.source, detailType: pattern['detail-type'], detail: pattern.detail },
      });
      rule.addTarget(
        new targets.SnsTopic(topic, {
          message: events.RuleTargetInput.fromText(
            [
              `[secrets-warden ${env}] Secrets Manager ${events.EventField.fromPath('$.detail.eventName')}: ${failure.what}.`,
              `Secret: ${secret}.`,
              `Error: ${events.EventField.fromPath('$.detail.errorMessage')}.`,
              `When: ${events.EventField.time} (account ${events.EventField.account}, region ${events.EventField.region}).`,
              `Runbook: ${runbookLink(failure.runbookAnchor, props.runbookBaseUrl)}`,
            ].join(' '),
          ),
        }),
      );
      this.rules.push(rule);
    }
  }
}
