import { badgeColour, renderBadge } from '../../shared/badge';
import { SEVERITIES } from '../../shared/checks/severity';
import type { InventoryReport } from '../../../contract/inventory';

/**
 * The secrets-health badge (the inventory report's, and `warden status --badge`): yellow with open
 * medium findings, else green, and never better than the worst open finding allows (red with a
 * critical, orange with a high; lambdas/shared/badge.ts). Accepted findings are not open.
 */
export function inventoryBadge(report: { readonly environment: string; readonly summary: Pick<InventoryReport['summary'], 'findingsBySeverity' | 'secrets'> }): string {
  const s = report.summary.findingsBySeverity;
  const worst = SEVERITIES.find((severity) => s[severity] > 0 && severity !== 'INFORMATIONAL') ?? null;
  const message = worst === null || worst === 'LOW' ? `${report.summary.secrets} secrets ok` : `${s[worst]} ${worst.toLowerCase()}`;
  return renderBadge(`secrets ${report.environment}`, message, badgeColour(worst === 'MEDIUM' ? 'yellow' : 'brightgreen', worst));
}
