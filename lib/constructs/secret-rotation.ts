import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { RotationSettings } from '../catalog/types';

/**
 * RotationRules from the catalog: the entry's cron/rate expression when it gives one, else a rate
 * from its days or hours (Secrets Manager: 4 hours to 1000 days); Duration is the window length.
 * AWS recommends ScheduleExpression + Duration over AutomaticallyAfterDays, and hours need it.
 */
export function rotationRules(rotation: RotationSettings): secretsmanager.CfnRotationSchedule.RotationRulesProperty {
  const scheduleExpression =
    rotation.scheduleExpression ??
    events.Schedule.rate(rotation.hours !== undefined ? Duration.hours(rotation.hours) : Duration.days(rotation.days ?? 30)).expressionString;
  return { scheduleExpression, ...(rotation.duration ? { duration: rotation.duration } : {}) };
}

export interface SecretRotationProps {
  readonly secretArn: string;
  readonly rotationLambdaArn: string;
  readonly rotation: RotationSettings;
  /**
   * Rotate as soon as the schedule is created. Off for PostgreSQL: the first generated password is
   * not yet the database's, so a first single-user rotation could only fail.
   */
  readonly rotateImmediately: boolean;
}

/** A secret's rotation schedule (AWS::SecretsManager::RotationSchedule). */
export class SecretRotation extends Construct {
  readonly schedule: secretsmanager.CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: SecretRotationProps) {
    super(scope, id);
    this.schedule = new secretsmanager.CfnRotationSchedule(this, 'Schedule', {
      secretId: props.secretArn,
      rotationLambdaArn: props.rotationLambdaArn,
      rotationRules: rotationRules(props.rotation),
      rotateImmediatelyOnUpdate: props.rotateImmediately,
    });
  }
}
