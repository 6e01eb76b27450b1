// Reads the account's audit configuration through the APIs Security Hub itself relies on, so the
// CIS and CloudTrail controls judge what is deployed, whoever deployed it.

import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type GetEventSelectorsCommandOutput, type Trail } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { describeError } from '../../shared/errors';
import type { AlarmFacts, AuditConfiguration, MetricFilterFacts, TopicFacts, TrailFacts } from '../core/audit-configuration';
import type { AuditConfigurationReader } from '../core/ports';

interface AuditClients {
  readonly cloudTrail: CloudTrailClient;
  readonly logs: CloudWatchLogsClient;
  readonly cloudWatch: CloudWatchClient;
  readonly sns: SNSClient;
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>:*` -> its parts. */
export function parseLogGroupArn(arn: string): { region: string; account: string; name: string } | null {
  const match = /^arn:aws[a-z-]*:logs:([^:]+):(\d{12}):log-group:(.+?)(:\*)?$/.exec(arn);
  return match ? { region: match[1]!, account: match[2]!, name: match[3]! } : null;
}

/**
 * Whether the selectors record every management event, read and write, with no event source
 * excluded: what CloudTrail.1 and the CIS precondition ask of the trail.
 */
export function recordsAllManagementEvents(selectors: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>): boolean {
  const basic = selectors.EventSelectors ?? [];
  if (basic.some((s) => (s.IncludeManagementEvents ?? true) && (s.ReadWriteType ?? 'All') === 'All' && (s.ExcludeManagementEventSources ?? []).length === 0)) return true;
  return (selectors.AdvancedEventSelectors ?? []).some((s) => {
    const fields = s.FieldSelectors ?? [];
    const category = fields.find((f) => f.Field === 'eventCategory');
    // Any further field (readOnly, eventSource NotEquals, …) narrows the management events recorded.
    return category !== undefined && (category.Equals ?? []).includes('Management') && fields.length === 1;
  });
}

async function trailFacts(client: CloudTrailClient, trail: Trail): Promise<TrailFacts> {
  const arn = trail.TrailARN ?? trail.Name ?? 'unknown';
  // A shadow trail (multi-region trail seen from another region) is addressed by its ARN.
  const isLogging = await client.send(new GetTrailStatusCommand({ Name: arn })).then((s) => s.IsLogging ?? false, () => null);
  const allManagementEvents = await client.send(new GetEventSelectorsCommand({ TrailName: arn })).then(recordsAllManagementEvents, () => null);
  const logGroup = trail.CloudWatchLogsLogGroupArn ? parseLogGroupArn(trail.CloudWatchLogsLogGroupArn) : null;
  return {
    arn,
    name: trail.Name ?? arn,
    homeRegion: trail.HomeRegion ?? 'unknown',
    multiRegion: trail.IsMultiRegionTrail ?? false,
    organizationTrail: trail.IsOrganizationTrail ?? false,
    logFileValidation: trail.LogFileValidationEnabled ?? false,
    kmsKeyId: trail.KmsKeyId ?? null,
    isLogging,
    logGroupName: logGroup?.name ?? null,
    allManagementEvents,
  };
}

async function metricFilters(client: CloudWatchLogsClient, logGroupName: string): Promise<MetricFilterFacts[]> {
  const found: MetricFilterFacts[] = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new DescribeMetricFiltersCommand({ logGroupName, nextToken }));
    } catch (error) {
      // The trail names a group that is gone (or another account's): it holds no filter this account can see.
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return found;
      throw error;
    }
    for (const f of page.metricFilters ?? []) {
      found.push({
        name: f.filterName ?? '',
        logGroupName: f.logGroupName ?? logGroupName,
        pattern: f.filterPattern ?? '',
        metrics: (f.metricTransformations ?? []).map((m) => ({ namespace: m.metricNamespace ?? '', name: m.metricName ?? '' })),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

function alarmFacts(alarm: MetricAlarm): AlarmFacts {
  const metrics = alarm.MetricName && alarm.Namespace ? [{ namespace: alarm.Namespace, name: alarm.MetricName }] : [];
  for (const query of alarm.Metrics ?? []) {
    const metric = query.MetricStat?.Metric;
    if (metric?.Namespace && metric.MetricName) metrics.push({ namespace: metric.Namespace, name: metric.MetricName });
  }
  return { name: alarm.AlarmName ?? '', arn: alarm.AlarmArn ?? '', metrics, actionsEnabled: alarm.ActionsEnabled ?? false, alarmActions: alarm.AlarmActions ?? [] };
}

async function metricAlarms(client: CloudWatchClient): Promise<AlarmFacts[]> {
  const found: AlarmFacts[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: nextToken }));
    found.push(...(page.MetricAlarms ?? []).map(alarmFacts));
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

/** ListSubscriptionsByTopic, every page: confirmed and pending subscriptions (also `warden doctor`'s alert topic check). */
export async function topicFacts(client: SNSClient, arn: string): Promise<TopicFacts> {
  let confirmed = 0;
  let pending = 0;
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn, NextToken: nextToken }));
      for (const s of page.Subscriptions ?? []) {
        // Unconfirmed subscriptions are listed with SubscriptionArn "PendingConfirmation".
        if (s.SubscriptionArn?.startsWith('arn:')) confirmed += 1;
        else pending += 1;
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    return { arn, confirmedSubscriptions: confirmed, pendingSubscriptions: pending, error: describeError(error) };
  }
  return { arn, confirmedSubscriptions: confirmed, pendingSubscriptions: pending, error: null };
}

export function auditConfigurationReader(clients: AuditClients, where: { region: string; account: string | null }): AuditConfigurationReader {
  return {
    async read(): Promise<AuditConfiguration> {
      const described = await clients.cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
      const unique = new Map<string, Trail>();
      for (const trail of described.trailList ?? []) unique.set(trail.TrailARN ?? trail.Name ?? '', trail);
      const trails: TrailFacts[] = [];
      for (const trail of unique.values()) trails.push(await trailFacts(clients.cloudTrail, trail));

      // DescribeMetricFilters only sees log groups of this account and region.
      const groups = new Set<string>();
      for (const trail of unique.values()) {
        const group = trail.CloudWatchLogsLogGroupArn ? parseLogGroupArn(trail.CloudWatchLogsLogGroupArn) : null;
        if (group && group.region === where.region && (where.account === null || group.account === where.account)) groups.add(group.name);
      }
      const filters: MetricFilterFacts[] = [];
      for (const group of groups) filters.push(...(await metricFilters(clients.logs, group)));

      const alarms = await metricAlarms(clients.cloudWatch);
      const filterMetrics = new Set(filters.flatMap((f) => f.metrics.map((m) => `${m.namespace}/${m.name}`)));
      const relevant = alarms.filter((a) => a.metrics.some((m) => filterMetrics.has(`${m.namespace}/${m.name}`)));
      const topicArns = new Set(relevant.flatMap((a) => a.alarmActions.filter((action) => /^arn:aws[a-z-]*:sns:/.test(action))));
      const topics: TopicFacts[] = [];
      for (const arn of topicArns) topics.push(await topicFacts(clients.sns, arn));
      return { region: where.region, trails, metricFilters: filters, alarms: relevant, topics };
    },
  };
}
