import { makeBadge } from 'badge-maker';
import type { ComplianceReport } from '../core/report';

/** Colour bands for the score; shields.io's named colours. */
function badgeColor(score: number | null): string {
  if (score === null) return 'lightgrey';
  if (score >= 95) return 'brightgreen';
  if (score >= 80) return 'yellow';
  if (score >= 60) return 'orange';
  return 'red';
}

/** The compliance badge for CI pages and wikis: `compliance <env> | 87.5%`. */
export function renderBadge(report: Pick<ComplianceReport, 'environment' | 'score'>): string {
  const { score } = report.score;
  return makeBadge({ label: `compliance ${report.environment}`, message: score === null ? 'n/a' : `${score}%`, color: badgeColor(score) });
}
