// The YAML shape of config/secrets.yaml as catalog.schema.json admits it: everything optional
// that the schema lets the author leave out. The loader resolves it into types.ts.
import type { AcceptableControlId, AcceptableFindingType } from '../../contract/acceptance';
import type { Classification, RandomEncoding, RotationStrategy, SecretKind, StackPin } from './types';

export interface RotationBlock {
  days?: number;
  hours?: number;
  strategy?: RotationStrategy;
  duration?: string;
  scheduleExpression?: string;
  justification?: string;
}

interface PostgresBlock {
  engine?: 'postgres' | 'aurora-postgresql';
  host?: string;
  port?: number;
  dbname?: string;
  username?: string;
  ssl?: boolean;
  masterSecret?: string;
}

interface RandomBlock {
  length?: number;
  encoding?: RandomEncoding;
  key?: string;
}

interface ExternalBlock {
  rotateBy?: string;
}

interface AuditBlock {
  existingTrailLogGroup?: string;
  cisFilters?: boolean;
  logRetentionDays?: number;
}

interface SchedulesBlock {
  inventory?: string;
  compliance?: string;
}

interface InventoryBlock {
  unusedDays?: number;
  overdueGraceDays?: number;
  externalDueSoonDays?: number;
  criticalRealertDays?: number;
}

export type AlertBlock = { email: string } | { https: string } | { sqs: string };

interface EnvironmentBlock {
  account?: string;
  region?: string;
  adminRoleArn?: string;
  alerts?: AlertBlock[];
  network?: { vpcId: string; subnetIds: string[]; securityGroupIds: string[]; secretsManagerEndpoint?: boolean };
  audit?: AuditBlock;
  schedules?: SchedulesBlock;
  inventory?: InventoryBlock;
  shards?: number;
  runbookBaseUrl?: string;
}

interface SecretOverrideBlock {
  classification?: Classification;
  owner?: string;
  description?: string;
  rotation?: RotationBlock;
  postgres?: PostgresBlock;
  random?: RandomBlock;
  external?: ExternalBlock;
  readers?: string[];
  stack?: StackPin;
}

export interface SecretBlock extends SecretOverrideBlock {
  name: string;
  kind: SecretKind;
  owner: string;
  description: string;
  only?: string[];
  environments?: Record<string, SecretOverrideBlock>;
}

interface DefaultsBlock {
  classification?: Classification;
  rotation?: RotationBlock;
  postgres?: PostgresBlock;
  random?: RandomBlock;
  audit?: AuditBlock;
  schedules?: SchedulesBlock;
  inventory?: InventoryBlock;
  runbookBaseUrl?: string;
}

export interface AcceptBlock {
  finding?: AcceptableFindingType;
  control?: AcceptableControlId;
  secret: string;
  environments?: string[];
  reason: string;
  owner: string;
  expires: string;
}

export interface CatalogDocument {
  version: 1;
  defaults?: DefaultsBlock;
  environments: Record<string, EnvironmentBlock>;
  secrets: SecretBlock[];
  accept?: AcceptBlock[];
}
