import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RUNBOOK_ANCHOR, runbookLink } from '../audit/runbook';

export interface FunctionAlarmsProps {
  readonly environmentName: string;
  readonly function: lambda.IFunction;
  /** Short name for alarm names and messages, e.g. `rotation-postgres`. */
  readonly name: string;
  /** The function's timeout; default the function's own when it is a `lambda.Function`, else 60 s. */
  readonly timeout?: Duration;
  readonly topic: sns.ITopic;
  /** Where docs/runbooks.md is published; default the repository-relative path. */
  readonly runbookBaseUrl?: string;
  /** Fraction of the timeout at which p99 duration alarms (default 0.8). */
  readonly durationThreshold?: number;
}

/**
 * Errors, throttles and p99 duration near the timeout for one warden function, each alarming the
 * alert topic. A rotation function that errors leaves a rotation half done; one that is throttled
 * or close to its timeout is about to.
 */
export class FunctionAlarms extends Construct {
  readonly errors: cloudwatch.Alarm;
  readonly throttles: cloudwatch.Alarm;
  readonly duration: cloudwatch.Alarm;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const env = props.environmentName;
    const period = Duration.minutes(5);
    const timeout = props.timeout ?? (props.function as Partial<lambda.Function>).timeout ?? Duration.seconds(60);
    const fraction = props.durationThreshold ?? 0.8;
    const describe = (what: string, anchor: string) =>
      `[secrets-warden ${env}] Function ${props.name}: ${what}. Logs: the function's log group (${props.function.functionName} in the console). Runbook: ${runbookLink(anchor, props.runbookBaseUrl)}`;
    const common = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };

    this.errors = new cloudwatch.Alarm(this, 'Errors', {
      ...common,
      alarmName: `SecretsWarden-${env}-${props.name}-Errors`,
      alarmDescription: describe('invocations failed', RUNBOOK_ANCHOR.functionErrors),
      metric: props.function.metricErrors({ statistic: cloudwatch.Stats.SUM, period }),
    });
    this.throttles = new cloudwatch.Alarm(this, 'Throttles', {
      ...common,
      alarmName: `SecretsWarden-${env}-${props.name}-Throttles`,
      alarmDescription: describe('invocations were throttled', RUNBOOK_ANCHOR.functionThrottles),
      metric: props.function.metricThrottles({ statistic: cloudwatch.Stats.SUM, period }),
    });
    const limitMs = Math.round(timeout.toMilliseconds() * fraction);
    this.duration = new cloudwatch.Alarm(this, 'Duration', {
      ...common,
      threshold: limitMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmName: `SecretsWarden-${env}-${props.name}-DurationNearTimeout`,
      alarmDescription: describe(
        `p99 duration above ${Math.round(fraction * 100)}% of the ${timeout.toSeconds()} s timeout (${limitMs} ms)`,
        RUNBOOK_ANCHOR.functionDuration,
      ),
      metric: props.function.metricDuration({ statistic: cloudwatch.Stats.p(99), period }),
    });
    this.alarms = [this.errors, this.throttles, this.duration];
    const action = new actions.SnsAction(props.topic);
    for (const alarm of this.alarms) alarm.addAlarmAction(action);
  }
}
