// The inventory pack and the compliance pack judge the same records with the same checks, so for
// every control made of checks the inventory also reports, "the control fails on a secret" and
// "the inventory has a finding of a paired type on it" must be the same statement.
import { describe, expect, it } from 'vitest';
import type { SecretRecord } from '../../../contract/inventory';
import { CONTROLS } from '../../../lambdas/compliance/core/controls/index';
import type { Control } from '../../../lambdas/compliance/core/types';
import { checkContext, COMPLIANCE_PACK, INVENTORY_PACK, inventoryFindings, type CheckContext, type FindingRule } from '../../../lambdas/shared/checks';
import { accessAudit, catalog, facts, inventory } from '../compliance/facts';
import { NOW, SUMMARY, daysAgo, daysAhead, dateOnlyDaysAgo, record } from '../inventory/fixtures';

const HOURS = 3_600_000;
const OTHER_ENV = 'arn:aws:iam::111111111111:role/dev-app';

const CASES: Record<string, Parameters<typeof record>[0]> = {
  healthy: {},
  'rotation off': { rotation: { enabled: false } },
  'external, rotation off': { kind: 'external', rotateBy: daysAhead(100), rotation: { enabled: false, lastRotated: null, nextRotation: null } },
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

/** Each control made of checks, with the inventory finding types that report any of those checks. */
function pairs(rules: readonly FindingRule[]): { control: string; types: string[] }[] {
  return COMPLIANCE_PACK.map((entry) => ({ control: entry.id, types: rules.filter((r) => entry.checks.includes(r.check)).map((r) => r.type) })).filter((p) => p.types.length > 0);
}

/** Where the two packs disagree: `<secret> <control> <status> vs findings [...]`. */
function disagreements(records: readonly SecretRecord[], rules: readonly FindingRule[], controls: readonly Control[], context: CheckContext): string[] {
  const report = facts({
    now: context.now,
    environment: context.environment,
    catalog: catalog({ environments: context.environments, settings: context.settings }),
    inventory: inventory([...records]),
    accessAudit: accessAudit(),
  });
  const found = new Map(records.map((r) => [r.arn, new Set(inventoryFindings(r, context, rules).map((f) => f.type as string))]));
  const problems: string[] = [];
  for (const { control, types } of pairs(rules)) {
    for (const evaluation of controls.find((c) => c.id === control)!.evaluate(report)) {
      const findings = found.get(evaluation.resource)!;
      const inventoryFails = types.some((t) => findings.has(t));
      if ((evaluation.status === 'NON_COMPLIANT') !== inventoryFails) {
        problems.push(`${evaluation.resourceName}: ${control} ${evaluation.status} vs findings [${[...findings].join(', ')}]`);
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

  it('the comparison fails when one pack stops reporting what the other does', () => {
    const tampered = INVENTORY_PACK.map((r): FindingRule => (r.type === 'missing-tag' ? { ...r, evaluate: () => null } : r));

    expect(disagreements(RECORDS, tampered, CONTROLS, CONTEXT)).toEqual(expect.arrayContaining([expect.stringMatching(/owner tag deleted\): SecretsManager\.5 NON_COMPLIANT/)]));
  });

  it('every case makes some check fail or pass as intended (the records are not all healthy)', () => {
    const failing = RECORDS.filter((r) => inventoryFindings(r, CONTEXT).length > 0).length;

    expect(failing).toBeGreaterThan(RECORDS.length / 2);
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
