import { describe, expect, it } from 'vitest';
import { environmentSeparation } from '../../../lambdas/compliance/core/controls/environment-separation';
import { readsByCatalogReaders } from '../../../lambdas/compliance/core/controls/reads-by-catalog-readers';
import type { Control, Facts, Status } from '../../../lambdas/compliance/core/types';
import { DEV_READER, READER, accessAudit, catalog, daysAgo, facts, inventory, secret, controlById } from './facts';

const customerManagedKey = controlById('secretsmanager-using-cmk');
const policyNoCrossAccount = controlById('secret-policy-no-cross-account');
const policyNotPublic = controlById('secret-policy-not-public');
const requiredTags = controlById('SecretsManager.5');
const rotatedRecently = controlById('SecretsManager.4');
const rotationEnabled = controlById('SecretsManager.1');
const rotationSucceeding = controlById('SecretsManager.2');
const unusedSecret = controlById('SecretsManager.3');

interface Case {
  readonly name: string;
  readonly facts: Facts;
  readonly status: Status;
  readonly reason?: RegExp;
}

const withSecret = (overrides: Parameters<typeof secret>[1], extra: Partial<Facts> = {}): Facts => facts({ inventory: inventory([secret('prod/orders-db', overrides)]), ...extra });
const deleted = withSecret({ deletedDate: daysAgo(-7) });
const scanError = withSecret({ error: 'AccessDeniedException on DescribeSecret' });
const noInventory = facts({ inventory: null });

const table: [Control, Case[]][] = [
  [
    rotationEnabled,
    [
      { name: 'rotation on', facts: facts(), status: 'COMPLIANT' },
      { name: 'rotation off', facts: withSecret({ rotation: { enabled: false } }), status: 'NON_COMPLIANT', reason: /rotation is off/ },
      { name: 'interval above the maximum allowed', facts: withSecret({ rotation: { intervalDays: 120 } }, { catalog: catalog({ settings: { ...catalog().settings, maxRotationIntervalDays: 90 } }) }), status: 'NON_COMPLIANT', reason: /120 days exceeds/ },
      { name: 'interval at the maximum allowed', facts: withSecret({ rotation: { intervalDays: 90 } }, { catalog: catalog({ settings: { ...catalog().settings, maxRotationIntervalDays: 90 } }) }), status: 'COMPLIANT' },
      { name: 'scheduled for deletion', facts: deleted, status: 'NOT_APPLICABLE', reason: /scheduled for deletion/ },
      // Rotation facts come from ListSecrets, so a failed per-secret read does not hide them (as for the inventory).
      { name: 'details unreadable, rotation facts listed', facts: scanError, status: 'COMPLIANT' },
      { name: 'external secret (rotated by hand, watched by its rotate-by date)', facts: withSecret({ kind: 'external', rotation: { enabled: false } }), status: 'NOT_APPLICABLE', reason: /rotate-by/ },
      { name: 'no inventory', facts: noInventory, status: 'NOT_APPLICABLE', reason: /no inventory/ },
    ],
  ],
  [
    rotationSucceeding,
    [
      { name: 'rotating on schedule', facts: facts(), status: 'COMPLIANT' },
      { name: 'next rotation three days overdue', facts: withSecret({ rotation: { nextRotation: daysAgo(3) } }), status: 'NON_COMPLIANT', reason: /has not happened/ },
      { name: 'never rotated, enabled ten days ago', facts: withSecret({ createdDate: daysAgo(10), rotation: { lastRotated: null, nextRotation: null } }), status: 'NON_COMPLIANT', reason: /never succeeded/ },
      { name: 'never rotated, created hours ago', facts: withSecret({ createdDate: daysAgo(0.5), rotation: { lastRotated: null, nextRotation: null } }), status: 'COMPLIANT' },
      { name: 'last rotation older than interval plus window', facts: withSecret({ rotation: { lastRotated: daysAgo(40), intervalDays: 30, nextRotation: null } }), status: 'NON_COMPLIANT', reason: /40 days ago on a 30-day/ },
      { name: 'rotation off', facts: withSecret({ rotation: { enabled: false } }), status: 'NOT_APPLICABLE', reason: /rotation is off/ },
    ],
  ],
  [
    unusedSecret,
    [
      { name: 'read yesterday', facts: facts(), status: 'COMPLIANT' },
      { name: 'read 91 days ago', facts: withSecret({ lastAccessed: daysAgo(91) }), status: 'NON_COMPLIANT', reason: /not read for 91 days/ },
      { name: 'read exactly 90 days ago (boundary)', facts: withSecret({ lastAccessed: daysAgo(90) }), status: 'COMPLIANT' },
      { name: 'never read, created 10 days ago', facts: withSecret({ lastAccessed: null, createdDate: daysAgo(10) }), status: 'COMPLIANT', reason: /created only 10 days ago/ },
      { name: 'never read, created 200 days ago', facts: withSecret({ lastAccessed: null, createdDate: daysAgo(200) }), status: 'NON_COMPLIANT', reason: /never read/ },
      { name: 'never read, creation date unknown', facts: withSecret({ lastAccessed: null, createdDate: null }), status: 'NON_COMPLIANT' },
      { name: 'scheduled for deletion', facts: deleted, status: 'NOT_APPLICABLE' },
    ],
  ],
  [
    rotatedRecently,
    [
      { name: 'rotated 10 days ago', facts: facts(), status: 'COMPLIANT' },
      { name: 'rotated 91 days ago', facts: withSecret({ rotation: { lastRotated: daysAgo(91) } }), status: 'NON_COMPLIANT', reason: /91 days/ },
      { name: 'rotated exactly 90 days ago (boundary)', facts: withSecret({ rotation: { lastRotated: daysAgo(90) } }), status: 'COMPLIANT' },
      { name: 'never rotated, created 200 days ago', facts: withSecret({ rotation: { enabled: false, lastRotated: null } }), status: 'NON_COMPLIANT', reason: /200 days/ },
      { name: 'never rotated, created 5 days ago', facts: withSecret({ createdDate: daysAgo(5), rotation: { lastRotated: null } }), status: 'COMPLIANT' },
      { name: 'scheduled for deletion', facts: deleted, status: 'NOT_APPLICABLE' },
    ],
  ],
  [
    requiredTags,
    [
      { name: 'all tags present', facts: facts(), status: 'COMPLIANT' },
      { name: 'owner and classification missing', facts: withSecret({ owner: null, classification: null }), status: 'NON_COMPLIANT', reason: /warden:classification, warden:owner/ },
      { name: 'details unreadable but tags known from the listing', facts: scanError, status: 'COMPLIANT' },
      { name: 'scheduled for deletion', facts: deleted, status: 'NOT_APPLICABLE' },
    ],
  ],
  [
    customerManagedKey,
    [
      { name: 'customer managed key', facts: facts(), status: 'COMPLIANT' },
      { name: 'aws/secretsmanager', facts: withSecret({ kms: { keyId: null, customerManaged: false } }), status: 'NON_COMPLIANT', reason: /AWS managed key/ },
      { name: 'scheduled for deletion', facts: deleted, status: 'NOT_APPLICABLE' },
    ],
  ],
  [
    policyNotPublic,
    [
      { name: 'named principals', facts: facts(), status: 'COMPLIANT' },
      { name: 'no resource policy', facts: withSecret({ policy: null }), status: 'COMPLIANT', reason: /no resource policy/ },
      { name: 'policy allows *', facts: withSecret({ policy: { public: true } }), status: 'NON_COMPLIANT', reason: /any principal/ },
      { name: 'details unreadable', facts: scanError, status: 'NOT_APPLICABLE' },
    ],
  ],
  [
    policyNoCrossAccount,
    [
      { name: 'same account only', facts: facts(), status: 'COMPLIANT' },
      { name: 'another account allowed', facts: withSecret({ policy: { crossAccount: true, crossAccountPrincipals: ['arn:aws:iam::222222222222:root'] } }), status: 'NON_COMPLIANT', reason: /another account/ },
      { name: 'scheduled for deletion', facts: deleted, status: 'NOT_APPLICABLE' },
    ],
  ],
  [
    environmentSeparation,
    [
      { name: 'no other-environment principal', facts: facts(), status: 'COMPLIANT' },
      { name: 'policy allows a dev reader', facts: withSecret({ policy: { otherEnvironmentPrincipals: [DEV_READER] } }), status: 'NON_COMPLIANT', reason: /another environment/ },
      {
        name: 'a dev reader read it',
        facts: facts({
          accessAudit: accessAudit({
            secrets: [{ secret: secret().arn, name: 'prod/orders-db', inCatalog: true, reads: [{ principal: DEV_READER, count: 2 }], failedAttempts: [], unexpectedReaders: [{ principal: DEV_READER, count: 2 }], otherEnvironmentReaders: [{ principal: DEV_READER, count: 2 }], readsWhileMarkedForDeletion: 0 }],
          }),
        }),
        status: 'NON_COMPLIANT',
        reason: /read by 1 principal/,
      },
      { name: 'scheduled for deletion', facts: deleted, status: 'NOT_APPLICABLE' },
    ],
  ],
  [
    readsByCatalogReaders,
    [
      {
        name: 'read by its reader only',
        facts: facts({ accessAudit: accessAudit({ secrets: [{ secret: secret().arn, name: 'prod/orders-db', inCatalog: true, reads: [{ principal: READER, count: 5 }], failedAttempts: [], unexpectedReaders: [], otherEnvironmentReaders: [], readsWhileMarkedForDeletion: 0 }] }) }),
        status: 'COMPLIANT',
      },
      {
        name: 'read by a principal the catalog does not list',
        facts: facts({
          accessAudit: accessAudit({
            secrets: [{ secret: secret().arn, name: 'prod/orders-db', inCatalog: true, reads: [{ principal: 'arn:aws:iam::111111111111:role/intruder', count: 1 }], failedAttempts: [], unexpectedReaders: [{ principal: 'arn:aws:iam::111111111111:role/intruder', count: 1 }], otherEnvironmentReaders: [], readsWhileMarkedForDeletion: 0 }],
          }),
        }),
        status: 'NON_COMPLIANT',
        reason: /does not list/,
      },
      { name: 'secret not in the catalog', facts: facts({ inventory: inventory([secret('prod/legacy', { managed: false })]) }), status: 'NOT_APPLICABLE', reason: /not in the catalog/ },
      { name: 'CloudTrail unreadable', facts: facts({ accessAudit: accessAudit({ available: false, truncated: true, truncatedReason: 'error', error: 'AccessDenied' }) }), status: 'NOT_APPLICABLE', reason: /could not be read/ },
    ],
  ],
];

describe.each(table.map(([control, cases]) => [control.id, control, cases] as const))('control %s', (_id, control, cases) => {
  it.each(cases)('$name: $status', ({ facts: given, status, reason }) => {
    const evaluations = control.evaluate(given);

    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]!.status).toBe(status);
    if (reason) expect(evaluations[0]!.reason).toMatch(reason);
  });

  it('covers compliant, non-compliant and not-applicable cases', () => {
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']));
  });

  it('cites its references and a runbook anchor', () => {
    expect(control.references.length).toBeGreaterThan(0);
    expect(control.runbook).toMatch(/^docs\/runbooks\.md#compliance-[a-z0-9-]+$/);
  });
});

describe('secret scope', () => {
  it('evaluates this environment\'s and untagged secrets, leaving other environments to their own report', () => {
    const given = facts({ inventory: inventory([secret('prod/a'), secret('dev/b', { environment: 'dev' }), secret('legacy', { environment: null })]) });

    const names = rotationEnabled.evaluate(given).map((e) => e.resourceName);

    expect(names).toEqual(['prod/a', 'legacy']);
  });
});

describe('framework mapping', () => {
  const cites = (control: Control, framework: string, id: string) => control.references.some((r) => r.framework === framework && r.id === id);

  it('ties rotation to PCI DSS 8.3.9 and 8.6.3 and ISO A.5.17, encryption to ISO A.8.24 and GDPR Art. 32', () => {
    expect(cites(rotationEnabled, 'PCI DSS v4.0', '8.3.9') && cites(rotationEnabled, 'PCI DSS v4.0', '8.6.3')).toBe(true);
    expect(cites(rotatedRecently, 'PCI DSS v4.0', '8.3.9')).toBe(true);
    expect(cites(rotationEnabled, 'ISO/IEC 27001:2022', 'A.5.17')).toBe(true);
    expect(cites(customerManagedKey, 'ISO/IEC 27001:2022', 'A.8.24') && cites(customerManagedKey, 'GDPR', 'Art. 32')).toBe(true);
  });

  it('ties sharing outside the boundary to SOC 2 CC6.6 and CC6.7, and monitoring of reads to CC7.2 and ISO A.8.16', () => {
    for (const control of [policyNotPublic, policyNoCrossAccount]) expect(cites(control, 'SOC 2', 'CC6.6') && cites(control, 'SOC 2', 'CC6.7')).toBe(true);
    expect(cites(readsByCatalogReaders, 'SOC 2', 'CC7.2') && cites(readsByCatalogReaders, 'ISO/IEC 27001:2022', 'A.8.16')).toBe(true);
  });

  it('does not cite PCI DSS for controls that are not about account passwords', () => {
    for (const control of [customerManagedKey, policyNotPublic, requiredTags, environmentSeparation]) expect(control.references.some((r) => r.framework === 'PCI DSS v4.0')).toBe(false);
  });
});
