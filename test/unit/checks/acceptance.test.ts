// Accepted findings are applied once, to the checks (lambdas/shared/checks/acceptance.ts): the
// inventory shows an accepted finding as accepted (not open), the compliance report shows the
// control as ACCEPTED for that secret, both with reason, owner and expiry, and from the day after
// the expiry both show the failure again. The injected clock decides.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCEPTABLE_CONTROL_IDS, ACCEPTABLE_FINDING_TYPES, type Acceptance } from '../../../contract/acceptance';
import type { CatalogSummary } from '../../../contract/catalog-summary';
import type { SecretRecord } from '../../../contract/inventory';
import { complianceCatalog } from '../../../lambdas/compliance/core/catalog';
import { CONTROLS } from '../../../lambdas/compliance/core/controls/index';
import { buildReport } from '../../../lambdas/compliance/core/report';
import { acceptedFindings, checkContext, COMPLIANCE_PACK, INVENTORY_PACK, inventoryFindings } from '../../../lambdas/shared/checks';
import { facts, inventory } from '../compliance/facts';
import { dateOnlyDaysAgo, daysAgo, NOW, record, SUMMARY } from '../inventory/fixtures';

const accept = (overrides: Partial<Acceptance>): Acceptance => ({
  secret: 'prod/orders-db',
  finding: null,
  control: null,
  reason: 'read only by the quarterly export',
  owner: 'team-orders',
  expires: '2026-06-30',
  ...overrides,
});
const summaryWith = (...acceptances: Acceptance[]): CatalogSummary => ({ ...SUMMARY, acceptances });

/** The inventory's open and accepted finding types, and the compliance report's status of `control`, for one record at `now`. */
function judge(r: SecretRecord, summary: CatalogSummary, control: string, now: Date = NOW) {
  const context = checkContext(summary, now);
  const report = facts({ now, catalog: complianceCatalog(summary), inventory: inventory([r]) });
  const evaluation = CONTROLS.find((c) => c.id === control)!.evaluate(report).find((e) => e.resource === r.arn)!;
  return {
    open: inventoryFindings(r, context).map((f) => f.type),
    accepted: acceptedFindings([r], context),
    evaluation,
  };
}

const UNUSED = record({ lastAccessed: dateOnlyDaysAgo(120) });

describe('an accepted finding', () => {
  it('is accepted, not open, in the inventory and ACCEPTED in the compliance report, with reason, owner and expiry', () => {
    const { open, accepted, evaluation } = judge(UNUSED, summaryWith(accept({ finding: 'unused' })), 'SecretsManager.3');

    expect(open).not.toContain('unused');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ type: 'unused', acceptance: { accepts: 'finding unused', reason: 'read only by the quarterly export', owner: 'team-orders', expires: '2026-06-30' } });
    expect(evaluation).toMatchObject({ status: 'ACCEPTED', acceptance: { owner: 'team-orders', expires: '2026-06-30' } });
  });

  it('holds through its expiry day and is a finding again the day after (injected clock), noting the expiry', () => {
    const summary = summaryWith(accept({ finding: 'unused' }));
    const lastDay = judge(UNUSED, summary, 'SecretsManager.3', new Date('2026-06-30T23:59:00Z'));
    const dayAfter = judge(UNUSED, summary, 'SecretsManager.3', new Date('2026-07-01T00:01:00Z'));

    expect(lastDay.evaluation.status).toBe('ACCEPTED');
    expect(lastDay.open).not.toContain('unused');
    expect(dayAfter.evaluation.status).toBe('NON_COMPLIANT');
    expect(dayAfter.evaluation.evidence).toMatchObject({ acceptanceExpired: '2026-06-30' });
    expect(dayAfter.open).toContain('unused');
    expect(dayAfter.accepted).toEqual([]);
  });

  it('accepts only the named secret and finding', () => {
    const other = record({ arn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/other-AbCdEf', name: 'prod/other', lastAccessed: dateOnlyDaysAgo(120) });
    const summary = summaryWith(accept({ finding: 'unused' }));
    const offKey = record({ lastAccessed: dateOnlyDaysAgo(120), kms: { keyId: null, customerManaged: false } });

    expect(judge(other, summary, 'SecretsManager.3').open).toContain('unused');
    expect(judge(offKey, summary, 'secretsmanager-using-cmk').open).toContain('default-kms-key');
  });

  it('accepting a control accepts the inventory findings of its checks (SecretsManager.2: rotation-overdue)', () => {
    const overdue = record({ rotation: { nextRotation: daysAgo(10), lastRotated: daysAgo(40) } });
    const { open, accepted, evaluation } = judge(overdue, summaryWith(accept({ control: 'SecretsManager.2', reason: 'database migration freeze' })), 'SecretsManager.2');

    expect(evaluation.status).toBe('ACCEPTED');
    expect(open).not.toContain('rotation-overdue');
    expect(accepted.map((f) => [f.type, f.acceptance.accepts])).toContainEqual(['rotation-overdue', 'control SecretsManager.2']);
  });

  it('accepting an overdue external secret accepts SecretsManager.1 on it too, and the reverse', () => {
    const external = record({ name: 'prod/orders-db', kind: 'external', rotateBy: '2026-06-01', rotation: { enabled: false, lastRotated: null, nextRotation: null } });
    const byFinding = judge(external, summaryWith(accept({ finding: 'external-rotation-due' })), 'SecretsManager.1');
    const byControl = judge(external, summaryWith(accept({ control: 'SecretsManager.1' })), 'SecretsManager.1');

    for (const result of [byFinding, byControl]) {
      expect(result.evaluation.status).toBe('ACCEPTED');
      expect(result.open).toEqual([]);
      expect(result.accepted.map((f) => f.type)).toEqual(['external-rotation-due']);
    }
  });

  it('leaves the score alone: neither compliant nor failing, counted apart', () => {
    const report = buildReport(facts({ now: NOW, catalog: complianceCatalog(summaryWith(accept({ finding: 'unused' }))), inventory: inventory([UNUSED]) }), 'eu-west-1', null);
    const control = report.controls.find((c) => c.id === 'SecretsManager.3')!;
    const open = buildReport(facts({ now: NOW, catalog: complianceCatalog(SUMMARY), inventory: inventory([UNUSED]) }), 'eu-west-1', null);

    expect(control).toMatchObject({ status: 'ACCEPTED', counts: { compliant: 0, nonCompliant: 0, accepted: 1 } });
    expect(report.score.accepted).toBe(1);
    expect(report.score.nonCompliant).toBe(open.score.nonCompliant - 1);
    expect(report.topRisks.map((r) => r.control)).not.toContain('SecretsManager.3');
  });
});

describe('what an entry may name', () => {
  const schema = JSON.parse(readFileSync('lib/catalog/catalog.schema.json', 'utf8')) as { definitions: { acceptance: { properties: Record<string, { enum: string[] }> } } };

  it('is every per-secret finding type and control of the packs, and the schema lists the same', () => {
    const types = INVENTORY_PACK.map((r) => r.type as string);

    expect([...ACCEPTABLE_FINDING_TYPES].every((t) => types.includes(t))).toBe(true);
    expect(types.filter((t) => !(ACCEPTABLE_FINDING_TYPES as readonly string[]).includes(t))).toEqual(['not-in-catalog', 'scan-error']);
    expect([...ACCEPTABLE_CONTROL_IDS]).toEqual(COMPLIANCE_PACK.map((e) => e.id));
    expect(schema.definitions.acceptance.properties.finding!.enum).toEqual([...ACCEPTABLE_FINDING_TYPES]);
    expect(schema.definitions.acceptance.properties.control!.enum).toEqual([...ACCEPTABLE_CONTROL_IDS]);
  });
});
