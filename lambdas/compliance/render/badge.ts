import { badgeColour, renderBadge as badge, scoreColour } from '../../shared/badge';
import { SEVERITIES } from '../../shared/checks/severity';
import type { ComplianceReport } from '../core/report';

/**
 * The compliance badge for CI pages and wikis: `compliance <env> | 87.5%`, coloured by the score
 * but never better than its worst failing control allows (a failing CRITICAL control: red).
 */
export function renderBadge(report: Pick<ComplianceReport, 'environment' | 'score' | 'controls'>): string {
  const { score } = report.score;
  const failing = new Set<string>(report.controls.filter((c) => c.status === 'NON_COMPLIANT').map((c) => c.severity));
  const worst = SEVERITIES.find((s) => failing.has(s)) ?? null;
  return badge(`compliance ${report.environment}`, score === null ? 'n/a' : `${score}%`, badgeColour(score === null ? 'lightgrey' : scoreColour(score), worst));
}
