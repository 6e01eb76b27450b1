import { makeBadge } from 'badge-maker';
import type { InventoryReport } from '../../../contract/inventory';

/** The secrets-health badge (the inventory report's, and `warden status --badge`): red with critical findings, orange with high, yellow with medium, else green. */
export function inventoryBadge(report: { readonly environment: string; readonly summary: Pick<InventoryReport['summary'], 'findingsBySeverity' | 'secrets'> }): string {
  const s = report.summary.findingsBySeverity;
  const [message, color] =
    s.CRITICAL > 0 ? [`${s.CRITICAL} critical`, 'red']
    : s.HIGH > 0 ? [`${s.HIGH} high`, 'orange']
    : s.MEDIUM > 0 ? [`${s.MEDIUM} medium`, 'yellow']
    : [`${report.summary.secrets} secrets ok`, 'brightgreen'];
  return makeBadge({ label: `secrets ${report.environment}`, message, color });
}
