// One badge renderer (lambdas/shared/badge.ts) for the compliance score badge, the inventory's
// secrets-health badge and `warden status --badge`: an open critical paints it red whatever the score.
import { describe, expect, it } from 'vitest';
import { renderBadge } from '../../../lambdas/compliance/render/badge';
import type { ComplianceReport } from '../../../lambdas/compliance/core/report';
import { inventoryBadge } from '../../../lambdas/inventory/report/badge';
import { badgeColour } from '../../../lambdas/shared/badge';
import type { Severity } from '../../../contract/inventory';

// badge-maker's fills for shields.io's named colours.
const FILL = { red: '#dd4343', orange: '#ea7233', yellow: '#d8b800', brightgreen: '#4b0', lightgrey: '#939393' } as const;
const fillOf = (svg: string) => Object.entries(FILL).find(([, hex]) => svg.includes(`fill="${hex}"`))?.[0];

type Control = ComplianceReport['controls'][number];
const control = (severity: Control['severity'], status: Control['status']) => ({ id: `${severity}-${status}`, severity, status }) as Control;
const compliance = (score: number | null, controls: Control[]) =>
  renderBadge({ environment: 'prod', score: { score, compliant: 0, nonCompliant: 0, notApplicable: 0 }, controls });

describe('the compliance badge', () => {
  it('is red at 98% while a CRITICAL control fails', () => {
    const svg = compliance(98, [control('CRITICAL', 'NON_COMPLIANT'), control('MEDIUM', 'COMPLIANT')]);

    expect(svg).toContain('98%');
    expect(fillOf(svg)).toBe('red');
  });

  it('is at most orange at 98% while a HIGH control fails', () => {
    expect(fillOf(compliance(98, [control('HIGH', 'NON_COMPLIANT'), control('CRITICAL', 'COMPLIANT')]))).toBe('orange');
  });

  it('keeps the score colour when only MEDIUM or LOW controls fail, or a worse colour the score already gives', () => {
    expect(fillOf(compliance(98, [control('MEDIUM', 'NON_COMPLIANT'), control('CRITICAL', 'COMPLIANT')]))).toBe('brightgreen');
    expect(fillOf(compliance(85, [control('LOW', 'NON_COMPLIANT')]))).toBe('yellow');
    expect(fillOf(compliance(40, [control('HIGH', 'NON_COMPLIANT')]))).toBe('red');
  });

  it('is red without a score (n/a) while a CRITICAL control fails, grey when nothing fails', () => {
    expect(fillOf(compliance(null, [control('CRITICAL', 'NON_COMPLIANT')]))).toBe('red');
    expect(fillOf(compliance(null, [control('CRITICAL', 'NOT_APPLICABLE')]))).toBe('lightgrey');
  });
});

describe('the inventory badge', () => {
  const counts = (open: Partial<Record<Severity, number>>) => ({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, ...open });
  const inventory = (open: Partial<Record<Severity, number>>) => inventoryBadge({ environment: 'prod', summary: { secrets: 200, findingsBySeverity: counts(open) } });

  it('is red with one critical among many lows, orange with a high, yellow with a medium, else green', () => {
    expect(fillOf(inventory({ CRITICAL: 1, LOW: 150 }))).toBe('red');
    expect(fillOf(inventory({ HIGH: 2, MEDIUM: 5 }))).toBe('orange');
    expect(fillOf(inventory({ MEDIUM: 1 }))).toBe('yellow');
    expect(fillOf(inventory({ LOW: 3, INFORMATIONAL: 9 }))).toBe('brightgreen');
    expect(inventory({ CRITICAL: 1, LOW: 150 })).toContain('1 critical');
  });
});

describe('badgeColour', () => {
  it('never raises a colour, only caps it', () => {
    expect(badgeColour('red', 'HIGH')).toBe('red');
    expect(badgeColour('brightgreen', null)).toBe('brightgreen');
    expect(badgeColour('yellow', 'CRITICAL')).toBe('red');
  });
});
