// What a compliance run talks to, as ports the core owns: adapters (adapters/) implement them,
// tests drive them with doubles. The report store and the alert topic are every function's
// (lambdas/shared); the CloudTrail lookup port sits with the reader that paces it (trail-reader.ts).

import type { AuditConfiguration } from './audit-configuration';

export type { Notifier as AlertPublisher } from '../../shared/notifier';
export type { ReportStore } from '../../shared/report-store';

export interface AuditConfigurationReader {
  read(): Promise<AuditConfiguration>;
}

export interface ComplianceMetrics {
  publish(score: number | null, regressions: number): void;
}
