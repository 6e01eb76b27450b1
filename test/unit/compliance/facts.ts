// Builders for the facts the controls read: each returns a compliant baseline that a test bends.

import { CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE } from '../../../contract/cis-patterns';
import type { InventoryReport, PlaintextCredential, SecretRecord } from '../../../contract/inventory';
import type { AccessAudit } from '../../../lambdas/compliance/core/access-audit';
import type { AuditConfiguration, TrailFacts } from '../../../lambdas/compliance/core/audit-configuration';
import { CONTROLS } from '../../../lambdas/compliance/core/controls/index';
import type { ComplianceCatalog, Control, Facts } from '../../../lambdas/compliance/core/types';

export const NOW = new Date('2026-11-21T06:00:00Z');
export const ACCOUNT = '111111111111';
export const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:warden-prod-alerts`;
export const LOG_GROUP = 'warden-prod-trail';
export const READER = `arn:aws:iam::${ACCOUNT}:role/app-reader`;
export const DEV_READER = `arn:aws:iam::${ACCOUNT}:role/dev-app-reader`;

export const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

type DeepPartial<T> = { [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[] ? T[K] : NonNullable<T[K]> extends object ? DeepPartial<NonNullable<T[K]>> | Extract<T[K], null> : T[K] };

export function secret(name = 'prod/orders-db', overrides: DeepPartial<SecretRecord> = {}): SecretRecord {
  const base: SecretRecord = {
    arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`,
    name,
    environment: 'prod',
    classification: 'high',
    owner: 'team-orders',
    kind: 'postgres',
    managed: true,
    createdDate: daysAgo(200),
    rotation: { enabled: true, intervalDays: 30, lastRotated: daysAgo(10), nextRotation: new Date(NOW.getTime() + 20 * 86_400_000).toISOString(), lambdaArn: 'arn:aws:lambda:eu-west-1:111111111111:function:rotate' },
    lastAccessed: daysAgo(1).slice(0, 10) + 'T00:00:00.000Z',
    kms: { keyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234`, customerManaged: true },
    policy: { public: false, crossAccount: false, crossAccountPrincipals: [], otherEnvironmentPrincipals: [] },
    replicas: [],
    deletedDate: null,
    rotateBy: null,
    error: null,
  };
  return {
    ...base,
    ...(overrides as Partial<SecretRecord>),
    rotation: { ...base.rotation, ...(overrides.rotation ?? {}) },
    kms: { ...base.kms, ...(overrides.kms ?? {}) },
    policy: overrides.policy === null ? null : ({ ...base.policy!, ...(overrides.policy ?? {}) } as SecretRecord['policy']),
  };
}

export function inventory(secrets: SecretRecord[] = [secret()], plaintextCredentials: PlaintextCredential[] = []): InventoryReport {
  return {
    schemaVersion: '1.0',
    environment: 'prod',
    account: ACCOUNT,
    region: 'eu-west-1',
    generatedAt: daysAgo(0.1),
    summary: { secrets: secrets.length, failedSecrets: 0, findingsBySeverity: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 }, findingsByType: {} },
    secrets,
    plaintextCredentials,
    findings: [],
    newFindingIds: [],
    firstSeen: {},
  };
}

export function catalog(overrides: Partial<ComplianceCatalog> = {}): ComplianceCatalog {
  return {
    environment: 'prod',
    readers: { 'prod/orders-db': [READER] },
    trustedPrincipals: [`arn:aws:iam::${ACCOUNT}:role/warden-prod-admin`],
    otherEnvironmentPrincipals: [DEV_READER],
    cisMonitoring: true,
    environments: ['dev', 'prod'],
    settings: { unusedDays: 90, overdueGraceDays: 1, externalDueSoonDays: 30, maxDaysSinceRotation: 90 },
    ...overrides,
  };
}

export function trail(overrides: Partial<TrailFacts> = {}): TrailFacts {
  return {
    arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/warden-prod`,
    name: 'warden-prod',
    homeRegion: 'eu-west-1',
    multiRegion: true,
    organizationTrail: false,
    logFileValidation: true,
    kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/trail`,
    isLogging: true,
    logGroupName: LOG_GROUP,
    allManagementEvents: true,
    ...overrides,
  };
}

/** A trail, the 14 CIS filters with AWS's patterns, an alarm on each, and a topic with a confirmed subscription. */
export function auditConfiguration(overrides: Partial<AuditConfiguration> = {}): AuditConfiguration {
  return {
    region: 'eu-west-1',
    trails: [trail()],
    metricFilters: CIS_METRIC_FILTERS.map((f) => ({ name: f.filterName, logGroupName: LOG_GROUP, pattern: f.pattern, metrics: [{ namespace: CIS_METRIC_NAMESPACE, name: f.metricName }] })),
    alarms: CIS_METRIC_FILTERS.map((f) => ({
      name: `${f.filterName}-alarm`,
      arn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${f.filterName}`,
      metrics: [{ namespace: CIS_METRIC_NAMESPACE, name: f.metricName }],
      actionsEnabled: true,
      alarmActions: [TOPIC],
    })),
    topics: [{ arn: TOPIC, confirmedSubscriptions: 1, pendingSubscriptions: 0, error: null }],
    ...overrides,
  };
}

export function accessAudit(overrides: Partial<AccessAudit> = {}): AccessAudit {
  return {
    period: { start: daysAgo(7), end: NOW.toISOString() },
    available: true,
    eventsRead: 0,
    unparsableEvents: 0,
    requests: 1,
    throttledRequests: 0,
    truncated: false,
    truncatedReason: null,
    error: null,
    totals: { reads: 0, failedAttempts: 0, unexpectedReads: 0, readsWhileMarkedForDeletion: 0 },
    secrets: [],
    ...overrides,
  };
}

export function facts(overrides: Partial<Facts> = {}): Facts {
  return {
    environment: 'prod',
    account: ACCOUNT,
    now: NOW,
    catalog: catalog(),
    inventory: inventory(),
    auditConfiguration: auditConfiguration(),
    accessAudit: accessAudit(),
    ...overrides,
  };
}

/** A control of the report by its id. */
export const controlById = (id: string): Control => CONTROLS.find((c) => c.id === id)!;
