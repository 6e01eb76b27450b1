import { describe, expect, it } from 'vitest';
import { multiRegionTrail, trailEncrypted, trailLogValidation } from '../../../lambdas/compliance/core/controls/cloudtrail-controls';
import type { Control, Facts, Status } from '../../../lambdas/compliance/core/types';
import { auditConfiguration, facts, trail } from './facts';

const withTrails = (...trails: ReturnType<typeof trail>[]): Facts => facts({ auditConfiguration: auditConfiguration({ trails }) });
const singleRegion = trail({ arn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/local', name: 'local', multiRegion: false });

const table: [Control, { name: string; facts: Facts; statuses: Status[]; reason?: RegExp }[]][] = [
  [
    multiRegionTrail,
    [
      { name: 'multi-region trail logging all management events', facts: facts(), statuses: ['COMPLIANT'] },
      { name: 'no trail at all', facts: withTrails(), statuses: ['NON_COMPLIANT'], reason: /no multi-region trail/ },
      { name: 'only a single-region trail', facts: withTrails(singleRegion), statuses: ['NON_COMPLIANT'] },
      { name: 'multi-region trail stopped', facts: withTrails(trail({ isLogging: false })), statuses: ['NON_COMPLIANT'], reason: /not logging/ },
      { name: 'multi-region trail writing only', facts: withTrails(trail({ allManagementEvents: false })), statuses: ['NON_COMPLIANT'], reason: /read and write/ },
      { name: 'single-region trail beside a good one', facts: withTrails(trail(), singleRegion), statuses: ['COMPLIANT', 'NOT_APPLICABLE'] },
    ],
  ],
  [
    trailEncrypted,
    [
      { name: 'SSE-KMS', facts: facts(), statuses: ['COMPLIANT'] },
      { name: 'SSE-S3 only', facts: withTrails(trail({ kmsKeyId: null })), statuses: ['NON_COMPLIANT'], reason: /not encrypted/ },
      { name: 'no trail', facts: withTrails(), statuses: ['NOT_APPLICABLE'], reason: /CloudTrail\.1/ },
    ],
  ],
  [
    trailLogValidation,
    [
      { name: 'validation on', facts: facts(), statuses: ['COMPLIANT'] },
      { name: 'validation off', facts: withTrails(trail({ logFileValidation: false })), statuses: ['NON_COMPLIANT'] },
      { name: 'no trail', facts: withTrails(), statuses: ['NOT_APPLICABLE'] },
    ],
  ],
];

describe.each(table.map(([control, cases]) => [control.id, control, cases] as const))('control %s', (_id, control, cases) => {
  it.each(cases)('$name', ({ facts: given, statuses, reason }) => {
    const evaluations = control.evaluate(given);

    expect(evaluations.map((e) => e.status)).toEqual(statuses);
    if (reason) expect(evaluations[0]!.reason).toMatch(reason);
  });

  it('covers compliant, non-compliant and not-applicable cases', () => {
    expect(new Set(cases.flatMap((c) => c.statuses))).toEqual(new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']));
  });
});
