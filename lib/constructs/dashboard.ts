import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRIC, METRIC_NAMESPACE } from '../../contract/metrics';
import { runbookLink } from '../../contract/runbook';
import { RUNBOOK_ANCHOR } from '../audit/runbook';
import { AUDIT_METRIC, auditMetricName } from '../audit/secrets-filters';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

export interface WardenDashboardProps {
  readonly environmentName: string;
  /** Alarms whose state the dashboard shows (audit alarms, function alarms). */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The catalog's runbookBaseUrl: the dashboard's text links the runbook sections of its alarms. */
  readonly runbookBaseUrl?: string;
}

/**
 * `SecretsWarden-<env>`: rotations and their failures (emitted by the rotation functions), access
 * denied over time (the audit metric filter), open findings by severity (published by the
 * inventory scan) and the state of every alarm.
 */
export class WardenDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: WardenDashboardProps) {
    super(scope, id);
    const env = props.environmentName;
    const byEnvironment = (metricName: string, label: string, statistic: string = cloudwatch.Stats.SUM) =>
      new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName, dimensionsMap: { Environment: env }, statistic, period: Duration.hours(1), label });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `SecretsWarden-${env}`,
      defaultInterval: Duration.days(7),
    });
    // Markdown: a link is clickable only with a base URL; the repository path is shown as code.
    const section = (anchor: string, text: string) =>
      props.runbookBaseUrl ? `[${text}](${runbookLink(anchor, props.runbookBaseUrl)})` : `${text} (\`${runbookLink(anchor)}\`)`;
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: [
          `### secrets-warden ${env}`,
          `Every alarm's description names its runbook section. Runbooks: ${section(RUNBOOK_ANCHOR.rotationFailed, 'rotation failed')}, ` +
            `${section(RUNBOOK_ANCHOR.functionErrors, 'function errors')}, ${section(RUNBOOK_ANCHOR.secretAccessDenied, 'secret access denied')}, ` +
            `${section('inventory-digest', 'inventory findings')}, ${section('compliance-control-regressed', 'compliance regressions')}.`,
        ].join('\n\n'),
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Rotations completed and steps failed',
        left: [byEnvironment(METRIC.rotationCompleted, 'Rotations completed'), byEnvironment(METRIC.rotationStepFailed, 'Rotation steps failed')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Secrets Manager access denied',
        left: [
          new cloudwatch.Metric({
            namespace: METRIC_NAMESPACE,
            metricName: auditMetricName(AUDIT_METRIC.secretAccessDenied, env),
            statistic: cloudwatch.Stats.SUM,
            period: Duration.hours(1),
            label: 'Access denied (CloudTrail)',
          }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Open findings by severity',
        left: SEVERITIES.map(
          (severity) =>
            new cloudwatch.Metric({
              namespace: METRIC_NAMESPACE,
              metricName: METRIC.findingsBySeverity,
              dimensionsMap: { Environment: env, Severity: severity },
              statistic: cloudwatch.Stats.MAXIMUM,
              period: Duration.hours(6),
              label: severity,
            }),
        ),
        stacked: true,
        width: 12,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.alarms],
        width: 12,
        height: Math.max(6, Math.ceil(props.alarms.length / 4) + 2),
      }),
    );
  }
}
