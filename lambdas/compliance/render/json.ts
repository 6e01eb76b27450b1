import type { ComplianceReport } from '../core/report';

export function renderJson(report: ComplianceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
