import type { CatalogSummary } from '../../../contract/catalog-summary';
import { checkContext, INVENTORY_PACK, type CheckContext, type FindingRule } from '../../../lambdas/shared/checks';
import type { FindingType } from '../../../contract/inventory';
import type { SecretRecord } from '../../../contract/inventory';

export const NOW = new Date('2026-06-15T12:00:00.000Z');
export const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/orders-db-AbCdEf';

export const daysAgo = (days: number, from: Date = NOW): string => new Date(from.getTime() - days * 86_400_000).toISOString();
export const daysAhead = (days: number, from: Date = NOW): string => new Date(from.getTime() + days * 86_400_000).toISOString();
/** A LastAccessedDate as AWS gives it: midnight UTC of the day. */
export const dateOnlyDaysAgo = (days: number): string => `${daysAgo(days).slice(0, 10)}T00:00:00.000Z`;

export const SUMMARY: CatalogSummary = {
  environment: 'prod',
  environments: ['dev', 'staging', 'prod'],
  settings: { unusedDays: 90, overdueGraceDays: 3, externalDueSoonDays: 14, criticalRealertDays: 7 },
  secrets: [
    { name: 'prod/orders-db', classification: 'critical', owner: 'team-orders', kind: 'postgres', rotationDays: 30, rotateBy: null, readers: ['arn:aws:iam::111111111111:role/prod-app'] },
    { name: 'prod/stripe', classification: 'high', owner: 'team-pay', kind: 'external', rotationDays: null, rotateBy: '2026-07-01', readers: [] },
  ],
  readersByEnvironment: {
    dev: ['arn:aws:iam::111111111111:role/dev-app'],
    staging: ['arn:aws:iam::111111111111:role/staging-app'],
    prod: ['arn:aws:iam::111111111111:role/prod-app'],
  },
  adminRoleArn: null,
  cisMonitoring: true,
  runbookBaseUrl: null,
  acceptances: [],
};

export function context(now: Date = NOW, summary: CatalogSummary = SUMMARY): CheckContext {
  return checkContext(summary, now);
}

/** The inventory pack's rule for one finding type. */
export const rule = (type: FindingType): FindingRule => INVENTORY_PACK.find((r) => r.type === type)!;

/** A healthy managed secret: rotating every 30 days, rotated 10 days ago, read yesterday, customer key, tagged. */
export function record(overrides: Omit<Partial<SecretRecord>, 'rotation'> & { rotation?: Partial<SecretRecord['rotation']> } = {}): SecretRecord {
  const { rotation, ...rest } = overrides;
  return {
    arn: ARN,
    name: 'prod/orders-db',
    environment: 'prod',
    classification: 'critical',
    owner: 'team-orders',
    kind: 'postgres',
    managed: true,
    createdDate: daysAgo(400),
    rotation: {
      enabled: true,
      intervalDays: 30,
      lastRotated: daysAgo(10),
      nextRotation: daysAhead(20),
      lambdaArn: 'arn:aws:lambda:eu-west-1:111111111111:function:rotate',
      ...rotation,
    },
    lastAccessed: dateOnlyDaysAgo(1),
    kms: { keyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234', customerManaged: true },
    policy: { public: false, crossAccount: false, crossAccountPrincipals: [], otherEnvironmentPrincipals: [] },
    replicas: [],
    deletedDate: null,
    rotateBy: null,
    error: null,
    policyCheckedAt: daysAgo(1),
    missingTags: [],
    ...rest,
  };
}
