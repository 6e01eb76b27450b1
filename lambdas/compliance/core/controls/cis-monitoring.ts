// Security Hub CloudWatch.1-14 (CIS AWS Foundations Benchmark v1.2.0 3.1-3.14), judged the way
// Security Hub does on the account's real configuration: a multi-region trail that is logging all
// management events into a CloudWatch Logs group; on that group a metric filter with exactly AWS's
// pattern ("Additional fields or terms cannot be added"); an alarm on the filter's metric; and an
// alarm action that is an SNS topic with at least one confirmed subscription, so a person hears it.

import { CIS_METRIC_FILTERS, type CisMetricFilter } from '../../../../contract/cis-patterns';
import { cisQualifyingTrails, type AuditConfiguration } from '../audit-configuration';
import type { Control, Evaluation } from '../types';
import { accountResource, compliant, nonCompliant, notApplicable, ref, runbookFor } from './helpers';

const SNS_ARN = /^arn:aws[a-z-]*:sns:/;
const CIS_PREFIX = 'CIS AWS Foundations Benchmark ';

type GroupVerdict = { ok: true; reason: string; evidence: Record<string, string> } | { ok: false; reason: string; evidence: Record<string, string> };

function judgeLogGroup(config: AuditConfiguration, filter: CisMetricFilter, logGroupName: string): GroupVerdict {
  const filters = config.metricFilters.filter((f) => f.logGroupName === logGroupName && f.pattern.trim() === filter.pattern);
  if (filters.length === 0) {
    return { ok: false, reason: `no metric filter with AWS's exact pattern on log group ${logGroupName}`, evidence: { logGroup: logGroupName } };
  }
  const metrics = filters.flatMap((f) => f.metrics);
  const alarms = config.alarms.filter((a) => a.metrics.some((m) => metrics.some((fm) => fm.namespace === m.namespace && fm.name === m.name)));
  const evidence = { logGroup: logGroupName, metricFilters: filters.map((f) => f.name).join(','), alarms: alarms.map((a) => a.name).join(',') };
  if (alarms.length === 0) return { ok: false, reason: `metric filter ${filters[0]!.name} has no alarm on its metric`, evidence };
  const topics = new Map(config.topics.map((t) => [t.arn, t]));
  const heard = alarms.filter((a) => a.actionsEnabled && a.alarmActions.some((action) => SNS_ARN.test(action) && (topics.get(action)?.confirmedSubscriptions ?? 0) > 0));
  if (heard.length === 0) {
    return { ok: false, reason: `alarm ${alarms[0]!.name} notifies no SNS topic with a confirmed subscription`, evidence: { ...evidence, alarmActions: alarms.flatMap((a) => a.alarmActions).join(',') } };
  }
  return { ok: true, reason: `alarm ${heard[0]!.name} notifies a subscribed SNS topic`, evidence };
}

function cisMonitoringControl(filter: CisMetricFilter): Control {
  return {
    id: filter.control,
    title: filter.title,
    severity: 'LOW',
    references: [
      ref.securityHub(filter.control),
      ...filter.cisIds.map((id) => ref.cis(id.startsWith(CIS_PREFIX) ? id.slice(CIS_PREFIX.length) : id)),
      ref.soc2('CC7.2'),
      ref.iso('A.8.16'),
    ],
    remediation: `Create the metric filter ${filter.filterName} with AWS's exact pattern on the trail's log group, an alarm on ${filter.metricName} (threshold 1), and an SNS topic action with a confirmed subscription.`,
    runbook: runbookFor(filter.control),
    evaluate: (facts): Evaluation[] => {
      const account = accountResource(facts);
      if (!facts.catalog.cisMonitoring) {
        return [notApplicable(account, 'CIS monitoring', 'the catalog leaves the CIS filters to the organisation (audit.cisFilters: false); evaluate them where the organisation trail is', { cisMonitoring: false })];
      }
      const trails = cisQualifyingTrails(facts.auditConfiguration);
      if (trails.length === 0) {
        return [nonCompliant(account, 'CloudTrail', 'no multi-region trail logging all management events delivers to CloudWatch Logs', { qualifyingTrails: 0 })];
      }
      const groups = [...new Set(trails.map((t) => t.logGroupName!))];
      const verdicts = groups.map((group) => judgeLogGroup(facts.auditConfiguration, filter, group));
      const passed = verdicts.find((v) => v.ok);
      if (passed) return [compliant(account, passed.evidence.logGroup ?? 'log group', passed.reason, passed.evidence)];
      const first = verdicts[0]!;
      return [nonCompliant(account, first.evidence.logGroup ?? 'log group', first.reason, first.evidence)];
    },
  };
}

export const cisMonitoringControls: readonly Control[] = CIS_METRIC_FILTERS.map(cisMonitoringControl);
