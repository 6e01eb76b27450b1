import { describe, expect, it } from 'vitest';
import { auditConfigurationReader, parseLogGroupArn, recordsAllManagementEvents } from '../../../lambdas/compliance/adapters/audit-configuration-reader';
import { CloudTrailDouble, CloudWatchDouble, CloudWatchLogsDouble, SnsDouble, fakePacing } from '../../support/compliance-doubles';

const ACCOUNT = '111111111111';

describe('which event selectors record all management events', () => {
  it.each([
    ['basic, All', { EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true }] }, true],
    ['basic, defaults', { EventSelectors: [{}] }, true],
    ['basic, write only', { EventSelectors: [{ ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true }] }, false],
    ['basic, KMS events excluded', { EventSelectors: [{ ReadWriteType: 'All' as const, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] }, false],
    ['basic, data events only', { EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: false }] }, false],
    ['advanced, management', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }, true],
    ['advanced, read only', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }] }, false],
    ['none', {}, false],
  ])('%s: %s', (_name, selectors, expected) => {
    expect(recordsAllManagementEvents(selectors)).toBe(expected);
  });
});

describe('parseLogGroupArn', () => {
  it('reads region, account and a name with slashes, with or without the :* suffix', () => {
    expect(parseLogGroupArn(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws/cloudtrail/org:*`)).toEqual({ region: 'eu-west-1', account: ACCOUNT, name: 'aws/cloudtrail/org' });
    expect(parseLogGroupArn(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:x`)).toEqual({ region: 'eu-west-1', account: ACCOUNT, name: 'x' });
    expect(parseLogGroupArn('not an arn')).toBeNull();
  });
});

describe('reading the account\'s audit configuration', () => {
  function setup() {
    const trail = new CloudTrailDouble(fakePacing());
    const logs = new CloudWatchLogsDouble();
    const cloudWatch = new CloudWatchDouble();
    const sns = new SnsDouble();
    const reader = auditConfigurationReader({ cloudTrail: trail.client, logs: logs.client, cloudWatch: cloudWatch.client, sns: sns.client }, { region: 'eu-west-1', account: ACCOUNT });
    return { trail, logs, cloudWatch, sns, reader };
  }

  it('reads trail status and selectors by ARN, filters of the trail\'s log group over pages, and subscriptions of alarm topics', async () => {
    const { trail, logs, cloudWatch, sns, reader } = setup();
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
    trail.addTrail({ Name: 't', TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t`, HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, LogFileValidationEnabled: false, CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:g:*`, isLogging: false });
    for (let i = 0; i < 60; i += 1) logs.putMetricFilter('g', { name: `f${i}`, pattern: `{ $.n = ${i} }`, namespace: 'LogMetrics', metricName: `M${i}` });
    cloudWatch.putMetricAlarm({ name: 'a', namespace: 'LogMetrics', metricName: 'M59', actions: [topic] });
    cloudWatch.putMetricAlarm({ name: 'unrelated', namespace: 'App', metricName: 'X', actions: [`arn:aws:sns:eu-west-1:${ACCOUNT}:other`] });
    sns.createTopic(topic, { confirmed: 2, pending: 1 });

    const config = await reader.read();

    expect(config.trails).toEqual([expect.objectContaining({ name: 't', isLogging: false, allManagementEvents: true, logGroupName: 'g', logFileValidation: false, kmsKeyId: null })]);
    expect(config.metricFilters).toHaveLength(60);
    expect(config.alarms.map((a) => a.name)).toEqual(['a']);
    expect(config.topics).toEqual([{ arn: topic, confirmedSubscriptions: 2, pendingSubscriptions: 1, error: null }]);
  });

  it('skips log groups of other regions: DescribeMetricFilters only sees this region', async () => {
    const { trail, reader } = setup();
    trail.addTrail({ Name: 'far', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/far`, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:far:*` });

    const config = await reader.read();

    expect(config.metricFilters).toEqual([]);
    expect(config.trails[0]!.logGroupName).toBe('far');
  });

  it('records a topic it cannot list instead of failing the run', async () => {
    const { trail, logs, cloudWatch, reader } = setup();
    const gone = `arn:aws:sns:eu-west-1:${ACCOUNT}:deleted-topic`;
    trail.addTrail({ Name: 't', TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t`, HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:g:*` });
    logs.putMetricFilter('g', { name: 'f', pattern: '{ $.x = 1 }', namespace: 'LogMetrics', metricName: 'M' });
    cloudWatch.putMetricAlarm({ name: 'a', namespace: 'LogMetrics', metricName: 'M', actions: [gone] });

    const config = await reader.read();

    expect(config.topics).toEqual([{ arn: gone, confirmedSubscriptions: 0, pendingSubscriptions: 0, error: expect.stringContaining('Topic does not exist') }]);
  });
});

describe('a trail whose log group does not exist in this account', () => {
  it('yields no filters instead of failing the run', async () => {
    const trail = new CloudTrailDouble(fakePacing());
    const reader = auditConfigurationReader({ cloudTrail: trail.client, logs: new CloudWatchLogsDouble().client, cloudWatch: new CloudWatchDouble().client, sns: new SnsDouble().client }, { region: 'eu-west-1', account: null });
    trail.addTrail({ Name: 'org', TrailARN: 'arn:aws:cloudtrail:eu-west-1:999999999999:trail/org', HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, IsOrganizationTrail: true, CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:999999999999:log-group:org-trail:*' });

    const config = await reader.read();

    expect(config.metricFilters).toEqual([]);
    expect(config.trails[0]).toMatchObject({ organizationTrail: true, logGroupName: 'org-trail' });
  });
});
