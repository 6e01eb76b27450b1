import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { cisFilterDefinitions } from '../audit/cis-filters';
import type { AuditFilterDefinition } from '../audit/filter-definition';
import { runbookLink } from '../audit/runbook';
import { secretsFilterDefinitions, type SecretsFilterScope } from '../audit/secrets-filters';

export interface MetricFilterAlarmsProps {
  readonly environmentName: string;
  /** The CloudTrail log group (AuditTrail.logGroup). */
  readonly logGroup: logs.ILogGroup;
  /** Every alarm's action. */
  readonly topic: sns.ITopic;
  readonly definitions: readonly AuditFilterDefinition[];
  /** Where docs/runbooks.md is published; default the repository-relative path. */
  readonly runbookBaseUrl?: string;
}

/**
 * One metric filter per definition on the trail's log group, and one alarm on its metric:
 * Sum over 5 minutes >= 1, missing data not breaching, action the alert topic.
 *
 * The filters emit 1 per matching event and no default value: with no match there is no datapoint,
 * which the alarm treats as not breaching (CloudWatch Logs "Configuring metric values": without a
 * default value "no data is reported for any periods where no pattern matches"). A default of 0
 * would only add a datapoint per minute of CloudTrail traffic.
 */
class MetricFilterAlarms extends Construct {
  readonly filters: logs.MetricFilter[] = [];
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MetricFilterAlarmsProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    for (const definition of props.definitions) {
      const filter = new logs.MetricFilter(this, `${definition.id}Filter`, {
        logGroup: props.logGroup,
        filterName: definition.filterName,
        filterPattern: logs.FilterPattern.literal(definition.pattern),
        metricNamespace: definition.namespace,
        metricName: definition.metricName,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${definition.id}Alarm`, {
        alarmName: `SecretsWarden-${props.environmentName}-${definition.shortName}`,
        alarmDescription: alarmDescription(props.environmentName, definition, props.runbookBaseUrl),
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.filters.push(filter);
      this.alarms.push(alarm);
    }
  }
}

/** Environment, what happened, where to find the secret, and the runbook section (max 1024 chars). */
function alarmDescription(environmentName: string, definition: AuditFilterDefinition, runbookBaseUrl?: string): string {
  return [
    `[secrets-warden ${environmentName}] ${definition.title}.`,
    `Find it: ${definition.howToFind}.`,
    `Runbook: ${runbookLink(definition.runbookAnchor, runbookBaseUrl)}`,
  ].join(' ');
}

export interface AuditAlarmsProps extends SecretsFilterScope {
  readonly logGroup: logs.ILogGroup;
  readonly topic: sns.ITopic;
  /** AuditSettings.cisFilters: the 14 CIS / Security Hub CloudWatch.1-14 filters and alarms. */
  readonly cisFilters: boolean;
  readonly runbookBaseUrl?: string;
}

/** Both sets for one environment: the secrets filters always, the CIS filters when the catalog asks. */
export class AuditAlarms extends Construct {
  readonly secrets: MetricFilterAlarms;
  readonly cis?: MetricFilterAlarms;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AuditAlarmsProps) {
    super(scope, id);
    const common = { environmentName: props.environmentName, logGroup: props.logGroup, topic: props.topic, runbookBaseUrl: props.runbookBaseUrl };
    this.secrets = new MetricFilterAlarms(this, 'Secrets', { ...common, definitions: secretsFilterDefinitions(props) });
    if (props.cisFilters) this.cis = new MetricFilterAlarms(this, 'Cis', { ...common, definitions: cisFilterDefinitions() });
    this.alarms = [...this.secrets.alarms, ...(this.cis?.alarms ?? [])];
  }
}
