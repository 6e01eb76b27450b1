import { describe, expect, it } from 'vitest';
import { INVENTORY_PACK, inventoryFindings } from '../../../lambdas/shared/checks';
import { context, daysAhead, record, rule } from './fixtures';

const defaultKmsKey = rule('default-kms-key');
const externalRotationDue = rule('external-rotation-due');
const missingTag = rule('missing-tag');
const notInCatalog = rule('not-in-catalog');
const pendingDeletion = rule('pending-deletion');
const scanError = rule('scan-error');

describe('default-kms-key', () => {
  it.each([
    ['no key id (ListSecrets omits it for aws/secretsmanager)', { keyId: null, customerManaged: false }, true],
    ['explicit alias/aws/secretsmanager', { keyId: 'alias/aws/secretsmanager', customerManaged: false }, true],
    ['customer managed key', { keyId: 'arn:aws:kms:eu-west-1:111111111111:key/1', customerManaged: true }, false],
  ])('%s -> finding: %s', (_name, kms, expected) => {
    expect(defaultKmsKey.evaluate(record({ kms }), context()) !== null).toBe(expected);
  });
});

describe('missing-tag', () => {
  it.each([
    ['all tags present', [], false],
    ['owner missing', ['warden:owner'], true],
    ['all three missing', ['warden:environment', 'warden:classification', 'warden:owner'], true],
  ])('%s -> finding: %s', (_name, missingTags, expected) => {
    const finding = missingTag.evaluate(record({ missingTags }), context());

    expect(finding !== null).toBe(expected);
    if (finding) expect(finding.evidence.missingTags).toBe(missingTags.join(','));
  });
});

describe('pending-deletion', () => {
  it('is raised for any secret with a deletion date, louder when the catalog still declares it', () => {
    const managed = pendingDeletion.evaluate(record({ classification: 'low', deletedDate: daysAhead(7) }), context())!;
    const foreign = pendingDeletion.evaluate(record({ managed: false, classification: 'critical', deletedDate: daysAhead(7) }), context())!;

    expect(managed.severity).toBe('HIGH');
    expect(foreign.severity).toBe('LOW');
    expect(pendingDeletion.evaluate(record(), context())).toBeNull();
  });

  it('replaces every other finding of a secret being deleted', () => {
    const dying = record({ deletedDate: daysAhead(7), rotation: { enabled: false }, lastAccessed: null, kms: { keyId: null, customerManaged: false }, missingTags: ['warden:owner'] });

    expect(inventoryFindings(dying, context()).map((f) => f.type)).toEqual(['pending-deletion']);
  });
});

describe('external-rotation-due (14 days)', () => {
  it.each([
    ['due in 30 days', '2026-07-15', null],
    ['due in exactly 14 days (boundary day)', '2026-06-29', 'due-soon'],
    ['due in 15 days', '2026-06-30', null],
    ['due today', '2026-06-15', 'due-soon'],
    ['a day late', '2026-06-14', 'overdue'],
    ['no rotate-by date', null, null],
    ['unreadable date', 'someday', null],
  ])('%s -> %s', (_name, rotateBy, status) => {
    const finding = externalRotationDue.evaluate(record({ kind: 'external', rotateBy, rotation: { enabled: false } }), context());

    expect(finding?.evidence.status ?? null).toBe(status);
  });

  it('an overdue external secret keeps its classification; one merely due is at most MEDIUM', () => {
    expect(externalRotationDue.evaluate(record({ rotateBy: '2026-06-01' }), context())!.severity).toBe('CRITICAL');
    expect(externalRotationDue.evaluate(record({ rotateBy: '2026-06-20' }), context())!.severity).toBe('MEDIUM');
  });
});

describe('not-in-catalog (informational)', () => {
  it.each([
    ['managed', record(), false],
    ['unmanaged, tagged prod', record({ managed: false }), true],
    ['unmanaged, no environment tag', record({ managed: false, environment: null }), true],
    ['unmanaged, tagged with another catalog environment (its own scan reports it)', record({ managed: false, environment: 'staging' }), false],
    ['unmanaged, tagged with an unknown environment', record({ managed: false, environment: 'sandbox' }), true],
  ])('%s -> finding: %s', (_name, input, expected) => {
    const finding = notInCatalog.evaluate(input, context());

    expect(finding !== null).toBe(expected);
    if (finding) expect(finding.severity).toBe('INFORMATIONAL');
  });
});

describe('scan-error', () => {
  it('is raised when the per-secret calls failed, and not otherwise', () => {
    expect(scanError.evaluate(record({ error: 'GetResourcePolicy: AccessDenied' }), context())!.evidence.error).toBe('GetResourcePolicy: AccessDenied');
    expect(scanError.evaluate(record(), context())).toBeNull();
  });
});

describe('the healthy baseline', () => {
  it('raises nothing for a rotating, used, tagged, catalogued secret on a customer key', () => {
    expect(inventoryFindings(record(), context())).toEqual([]);
  });

  it('every rule has its own type and runbook anchor', () => {
    const types = INVENTORY_PACK.map((r) => r.type);

    expect(new Set(types).size).toBe(types.length);
  });
});
