import { runbookUrlOf, type RunbookOptions } from '../../../contract/runbook';
import type { ComplianceReport } from '../core/report';

/** Every `runbook` field becomes `<runbookBaseUrl>#<section>` when the catalog sets a base URL. */
export function renderJson(report: ComplianceReport, options: RunbookOptions = {}): string {
  const base = options.runbookBaseUrl ?? null;
  const replacer = base === null ? undefined : (key: string, value: unknown) => (key === 'runbook' && typeof value === 'string' ? runbookUrlOf(value, base) : value);
  return `${JSON.stringify(report, replacer, 2)}\n`;
}
