// Built-in defaults: what a catalog gets when neither `defaults` nor the entry says otherwise.
// docs/catalog.md lists the same values; keep the two in step.
import type { AuditSettings, InventorySettings, PostgresSettings, RandomSettings, ScheduleSettings } from './types';

export const BUILTIN_DEFAULTS = {
  rotation: { days: 30 },
  postgres: { engine: 'postgres', port: 5432, dbname: 'postgres', ssl: true } satisfies Partial<PostgresSettings>,
  random: { length: 32, encoding: 'alphanumeric', key: 'value' } satisfies RandomSettings,
  audit: { cisFilters: true, logRetentionDays: 365 } satisfies AuditSettings,
  schedules: { inventory: 'rate(1 day)', compliance: 'cron(0 6 ? * MON *)' } satisfies ScheduleSettings,
  inventory: { unusedDays: 90, overdueGraceDays: 1, externalDueSoonDays: 30, criticalRealertDays: 1 } satisfies InventorySettings,
} as const;
