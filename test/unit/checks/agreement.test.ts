// The inventory pack and the compliance pack judge the same records with the same checks, so for
// every control made of checks the inventory also reports, "the control fails on a secret" and
// "the inventory has a finding of a paired type on it" must be the same statement.
import { describe, expect, it } from 'vitest';
import type { Finding, SecretRecord } from '../../../contract/inventory';
import { CONTROLS } from '../../../lambdas/compliance/core/controls/index';
import type { Control } from '../../../lambdas/compliance/core/types';
import type { Acceptance } from '../../../contract/acceptance';
import { acceptedFindings, checkContext, COMPLIANCE_PACK, INVENTORY_PACK, inventoryFindingBriefs, inventoryFindings, type CheckContext, type FindingRule } from '../../../lambdas/shared/checks';
import { accessAudit, catalog, facts, inventory } from '../compliance/facts';
import { NOW, SUMMARY, daysAgo, daysAhead, dateOnlyDaysAgo, record } from '../inventory/fixtures';

const HOURS = 3_600_000;
const OTHER_ENV = 'arn:aws:iam::111111111111:role/dev-app';

const CASES: Record<string, Parameters<typeof record>[0]> = {
  healthy: {},
  'rotation off': { rotation: { enabled: false } },
  'external, rotation off': { kind: 'external', rotateBy: daysAhead(100), rotation: { enabled: false, lastRotated: null, nextRotation: null } },
  // Issue 11: an external secret passes SecretsManager.1 until its rotate-by date, then fails it (the inventory: external-rotation-due, overdue).
  'external, due in 5 days': { kind: 'external', rotateBy: daysAhead(5).slice(0, 10), rotation: { enabled: false, lastRotated: null, nextRotation: null } },
  'external, due today': { kind: 'external', rotateBy: NOW.toISOString().slice(0, 10), rotation: { enabled: false, lastRotated: null, nextRotation: null } },
  'external, rotate-by 3 days past': { kind: 'external', rotateBy: daysAgo(3).slice(0, 10), rotation: { enabled: false, lastRotated: null, nextRotation: null } },
  // Divergence 2 of issue 10: between 24 and 48 hours the inventory counted fractional days, SecretsManager.2 whole days.
  'never rotated, created 30 hours ago': { createdDate: new Date(NOW.getTime() - 30 * HOURS).toISOString(), rotation: { lastRotated: null, nextRotation: null } },
  'never rotated, created 20 hours ago': { createdDate: new Date(NOW.getTime() - 20 * HOURS).toISOString(), rotation: { lastRotated: null, nextRotation: null } },
  'never rotated, created 10 days ago': { createdDate: daysAgo(10), rotation: { lastRotated: null, nextRotation: null } },
  'next rotation 5 days past': { rotation: { nextRotation: daysAgo(5) } },
  'next rotation 1 day past (within grace)': { rotation: { nextRotation: daysAgo(1) } },
  'rotated 40 days ago on 30': { rotation: { lastRotated: daysAgo(40), nextRotation: null } },
  'read 120 days ago': { lastAccessed: dateOnlyDaysAgo(120) },
  'never read, old': { lastAccessed: null },
  'never read, new': { lastAccessed: null, createdDate: daysAgo(3) },
  // Divergence 1 of issue 10: the owner tag was deleted; the catalog still knows the owner.
  'managed, owner tag deleted': { owner: 'team-orders', missingTags: ['warden:owner'] },
  'AWS managed key': { kms: { keyId: null, customerManaged: false } },
  'public policy': { policy: { public: true, crossAccount: false, crossAccountPrincipals: [], otherEnvironmentPrincipals: [] } },
  'cross-account policy': { policy: { public: false, crossAccount: true, crossAccountPrincipals: ['arn:aws:iam::222222222222:root'], otherEnvironmentPrincipals: [] } },
  'other environment reader': { policy: { public: false, crossAccount: false, crossAccountPrincipals: [], otherEnvironmentPrincipals: [OTHER_ENV] } },
  'no policy': { policy: null },
  'scheduled for deletion': { deletedDate: daysAhead(7), rotation: { enabled: false } },
  'details unreadable': { error: 'AccessDeniedException on GetResourcePolicy', policy: null, rotation: { enabled: false } },
  'untagged and unmanaged': { managed: false, environment: null, owner: null, classification: null, missingTags: ['warden:environment', 'warden:classification', 'warden:owner'] },
};

const RECORDS: SecretRecord[] = Object.entries(CASES).map(([name, overrides], i) =>
  record({ arn: `arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/case-${i}-AbCdEf`, name: `prod/case-${i} (${name})`, ...overrides }),
);

const CONTEXT: CheckContext = checkContext(SUMMARY, NOW);

/**
 * Each control made of checks, with the inventory finding types that report any of those checks:
 * their own check, or one they cover (FindingRule.covers) for the findings `when` picks.
 */
function pairs(rules: readonly FindingRule[]): { control: string; types: string[]; reports: (finding: Finding) => boolean }[] {
  return COMPLIANCE_PACK.map((entry) => {
    const own = rules.filter((r) => entry.checks.includes(r.check));
    const covering = rules.filter((r) => r.covers !== undefined && entry.checks.includes(r.covers.check));
    return {
      control: entry.id,
      types: own.map((r) => r.type),
      reports: (finding: Finding) => own.some((r) => r.type === finding.type) || covering.some((r) => r.type === finding.type && r.covers!.when(finding)),
    };
  }).filter((p) => p.types.length > 0);
}

/** Where the two packs disagree: `<secret> <control> <status> vs findings [...]`. */
function disagreements(records: readonly SecretRecord[], rules: readonly FindingRule[], controls: readonly Control[], context: CheckContext): string[] {
  const report = facts({
    now: context.now,
    environment: context.environment,
    catalog: catalog({ environments: context.environments, settings: context.settings, ...(context.acceptances && { acceptances: context.acceptances }) }),
    inventory: inventory([...records]),
    accessAudit: accessAudit(),
  });
  const found = new Map(records.map((r) => [r.arn, inventoryFindings(r, context, rules)]));
  const accepted = new Map(records.map((r) => [r.arn, acceptedFindings([r], context, rules)]));
  const problems: string[] = [];
  for (const { control, reports } of pairs(rules)) {
    for (const evaluation of controls.find((c) => c.id === control)!.evaluate(report)) {
      const findings = found.get(evaluation.resource)!;
      const inventoryFails = findings.some(reports);
      if ((evaluation.status === 'NON_COMPLIANT') !== inventoryFails) {
        problems.push(`${evaluation.resourceName}: ${control} ${evaluation.status} vs findings [${findings.map((f) => f.type).join(', ')}]`);
      }
      // An accepted failure is accepted on both sides (issue 11).
      const inventoryAccepts = accepted.get(evaluation.resource)!.some(reports);
      if ((evaluation.status === 'ACCEPTED') !== inventoryAccepts) {
        problems.push(`${evaluation.resourceName}: ${control} ${evaluation.status} vs accepted [${accepted.get(evaluation.resource)!.map((f) => f.type).join(', ')}]`);
      }
    }
  }
  return problems;
}

describe('the inventory pack and the compliance pack', () => {
  it('pair the overlapping rules through shared checks', () => {
    const paired = pairs(INVENTORY_PACK).flatMap(({ control, types }) => types.map((t) => `${t} / ${control}`));

    expect(paired).toEqual(
      expect.arrayContaining([
        'rotation-disabled / SecretsManager.1',
        'rotation-never-succeeded / SecretsManager.2',
        'rotation-overdue / SecretsManager.2',
        'unused / SecretsManager.3',
        'missing-tag / SecretsManager.5',
        'default-kms-key / secretsmanager-using-cmk',
        'public-policy / secret-policy-not-public',
        'cross-account-policy / secret-policy-no-cross-account',
        'other-environment-access / environment-separation',
      ]),
    );
  });

  it('agree on every record (including the two cases where they used to differ)', () => {
    expect(disagreements(RECORDS, INVENTORY_PACK, CONTROLS, CONTEXT)).toEqual([]);
  });

  it('agree on every record when the catalog accepts some failures, one of them expired', () => {
    const name = (label: string) => RECORDS.find((r) => r.name.endsWith(`(${label})`))!.name;
    const entry = (label: string, target: Pick<Acceptance, 'finding' | 'control'>, expires = '2026-12-31'): Acceptance => ({ secret: name(label), ...target, reason: 'known', owner: 'team-x', expires });
    const context = checkContext(
      {
        ...SUMMARY,
        acceptances: [
          entry('read 120 days ago', { finding: 'unused', control: null }),
          entry('next rotation 5 days past', { finding: null, control: 'SecretsManager.2' }),
          entry('external, rotate-by 3 days past', { finding: 'external-rotation-due', control: null }),
          entry('AWS managed key', { finding: null, control: 'secretsmanager-using-cmk' }),
          entry('public policy', { finding: 'public-policy', control: null }, '2026-06-14'),
        ],
      },
      NOW,
    );
    const acceptedCount = RECORDS.reduce((n, r) => n + acceptedFindings([r], context).length, 0);

    expect(disagreements(RECORDS, INVENTORY_PACK, CONTROLS, context)).toEqual([]);
    expect(acceptedCount).toBe(4);
  });

  it('the comparison fails when one pack stops reporting what the other does', () => {
    const tampered = INVENTORY_PACK.map((r): FindingRule => (r.type === 'missing-tag' ? { ...r, evaluate: () => null } : r));

    expect(disagreements(RECORDS, tampered, CONTROLS, CONTEXT)).toEqual(expect.arrayContaining([expect.stringMatching(/owner tag deleted\): SecretsManager\.5 NON_COMPLIANT/)]));
  });

  it('every case makes some check fail or pass as intended (the records are not all healthy)', () => {
    const failing = RECORDS.filter((r) => inventoryFindings(r, CONTEXT).length > 0).length;

    expect(failing).toBeGreaterThan(RECORDS.length / 2);
  });
});

describe('the inventory pack\'s brief mode (what `warden list` counts)', () => {
  it('gives every record the same findings as the full mode, type and severity only, in the same order, accepted failures left out alike', () => {
    const accepting = checkContext(
      { ...SUMMARY, acceptances: [{ secret: RECORDS.find((r) => r.name.endsWith('(read 120 days ago)'))!.name, finding: 'unused', control: null, reason: 'known', owner: 'team-x', expires: '2026-12-31' }] },
      NOW,
    );
    for (const context of [CONTEXT, accepting]) {
      for (const r of RECORDS) {
        expect(inventoryFindingBriefs(r, context), r.name).toEqual(inventoryFindings(r, context).map((f) => ({ type: f.type, severity: f.severity })));
      }
    }
    // The cases make the comparison meaningful: many findings, of several severities.
    const all = RECORDS.flatMap((r) => inventoryFindingBriefs(r, CONTEXT));
    expect(all.length).toBeGreaterThan(RECORDS.length / 2);
    expect(new Set(all.map((f) => f.severity)).size).toBeGreaterThan(2);
  });
});

describe('an external secret and the rotation control (issue 11)', () => {
  const evaluate = (r: SecretRecord) => {
    const report = facts({ now: NOW, catalog: catalog({ environments: CONTEXT.environments, settings: CONTEXT.settings }), inventory: inventory([r]) });
    return CONTROLS.find((c) => c.id === 'SecretsManager.1')!.evaluate(report)[0]!;
  };
  const external = (rotateBy: string) => record({ kind: 'external', rotateBy, rotation: { enabled: false, lastRotated: null, nextRotation: null } });

  it.each([
    ['in 100 days', daysAhead(100).slice(0, 10), 'COMPLIANT', []],
    ['in 5 days (due soon: a reminder, not a failure)', daysAhead(5).slice(0, 10), 'COMPLIANT', ['external-rotation-due']],
    ['today', NOW.toISOString().slice(0, 10), 'COMPLIANT', ['external-rotation-due']],
    ['3 days ago', daysAgo(3).slice(0, 10), 'NON_COMPLIANT', ['external-rotation-due']],
  ])('rotate-by %s (%s): SecretsManager.1 is %s; the inventory reports %j and never rotation-disabled', (_when, rotateBy, status, types) => {
    const r = external(rotateBy);

    expect(evaluate(r)).toMatchObject({ status, evidence: { rotateBy } });
    expect(inventoryFindings(r, CONTEXT).map((f) => f.type)).toEqual(types);
  });

  it('turns from passing to failing as the injected clock passes the date', () => {
    const r = external('2026-12-10');
    const at = (iso: string) => {
      const report = facts({ now: new Date(iso), catalog: catalog({ environments: CONTEXT.environments, settings: CONTEXT.settings }), inventory: inventory([r]) });
      return CONTROLS.find((c) => c.id === 'SecretsManager.1')!.evaluate(report)[0]!.status;
    };

    expect(at('2026-12-10T23:59:00Z')).toBe('COMPLIANT');
    expect(at('2026-12-11T00:01:00Z')).toBe('NON_COMPLIANT');
  });
});

describe('the two divergences of issue 10, fixed', () => {
  const evaluate = (id: string, r: SecretRecord) => {
    const report = facts({ now: NOW, catalog: catalog({ environments: CONTEXT.environments, settings: CONTEXT.settings }), inventory: inventory([r]) });
    return CONTROLS.find((c) => c.id === id)!.evaluate(report)[0]!;
  };

  it('a managed secret whose warden:owner tag was deleted is a missing-tag finding and fails SecretsManager.5', () => {
    const r = record({ owner: 'team-orders', missingTags: ['warden:owner'] });

    expect(inventoryFindings(r, CONTEXT).map((f) => f.type)).toContain('missing-tag');
    expect(evaluate('SecretsManager.5', r)).toMatchObject({ status: 'NON_COMPLIANT', reason: 'missing tags: warden:owner' });
  });

  it.each([
    [25, true],
    [47, true],
    [23, false],
  ])('rotation never succeeded, created %i hours ago: both say %s', (hours, fails) => {
    const r = record({ createdDate: new Date(NOW.getTime() - hours * HOURS).toISOString(), rotation: { lastRotated: null, nextRotation: null } });

    expect(inventoryFindings(r, CONTEXT).some((f) => f.type === 'rotation-never-succeeded')).toBe(fails);
    expect(evaluate('SecretsManager.2', r).status).toBe(fails ? 'NON_COMPLIANT' : 'COMPLIANT');
  });
});
