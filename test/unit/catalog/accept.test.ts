// `accept:` entries: validated by the schema and the loader with file:line errors, carried per
// environment to the catalog summary the functions load.
import { describe, expect, it } from 'vitest';
import { CatalogError, formatIssue, parseCatalog } from '../../../lib/catalog';
import { buildCatalogSummary } from '../../../lib/catalog/summary';

const BASE = `version: 1
environments:
  dev: {}
  prod: {}
secrets:
  - name: orders/signing-key
    kind: random
    classification: high
    owner: team-orders
    description: HMAC key
  - name: stripe/api-key
    kind: external
    classification: high
    owner: team-payments
    description: Provider key
    external: { rotateBy: "2027-06-30" }
    only: [prod]
accept:
`;

function problems(accept: string): string[] {
  try {
    parseCatalog(BASE + accept, 'secrets.yaml');
  } catch (error) {
    if (error instanceof CatalogError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('loaded without an error');
}

describe('accept entries', () => {
  it('reach each environment the secret exists in, and the summary, expired ones included', () => {
    const catalog = parseCatalog(
      BASE +
        `  - { finding: unused, secret: orders/signing-key, reason: read only by the quarterly export, owner: team-orders, expires: 2027-03-31 }
  - { control: SecretsManager.1, secret: stripe/api-key, reason: provider has no rotation API, owner: team-payments, expires: 2020-01-01 }
  - { finding: default-kms-key, secret: orders/signing-key, environments: [dev], reason: dev uses the default key, owner: team-orders, expires: 2027-01-31 }
`,
      'secrets.yaml',
    );

    expect(catalog.forEnvironment('dev').acceptances).toEqual([
      { secret: 'dev/orders/signing-key', finding: 'unused', control: null, reason: 'read only by the quarterly export', owner: 'team-orders', expires: '2027-03-31' },
      { secret: 'dev/orders/signing-key', finding: 'default-kms-key', control: null, reason: 'dev uses the default key', owner: 'team-orders', expires: '2027-01-31' },
    ]);
    expect(buildCatalogSummary(catalog, 'prod').acceptances).toEqual([
      { secret: 'prod/orders/signing-key', finding: 'unused', control: null, reason: 'read only by the quarterly export', owner: 'team-orders', expires: '2027-03-31' },
      { secret: 'prod/stripe/api-key', finding: null, control: 'SecretsManager.1', reason: 'provider has no rotation API', owner: 'team-payments', expires: '2020-01-01' },
    ]);
  });

  it('refuses an unknown finding or control, a missing reason or owner, a date that does not exist, each at its line (schema)', () => {
    expect(
      problems(`  - finding: unused
    secret: orders/signing-key
    reason: r
    owner: team-orders
    expires: 2027-03-31
  - finding: rotation-disabld
    secret: orders/signing-key
    owner: team-orders
    expires: 2027-03-31
  - control: SecretsManager.9
    secret: orders/signing-key
    reason: r
    expires: 2027-02-30
`),
    ).toEqual([
      'secrets.yaml:24 accept[1].finding: must be one of rotation-disabled, rotation-overdue, rotation-never-succeeded, unused, default-kms-key, missing-tag, public-policy, cross-account-policy, other-environment-access, pending-deletion, external-rotation-due (got "rotation-disabld")',
      'secrets.yaml:24 accept[1].reason: is required',
      'secrets.yaml:28 accept[2].control: must be one of SecretsManager.1, SecretsManager.2, SecretsManager.3, SecretsManager.4, SecretsManager.5, secretsmanager-using-cmk, secret-policy-not-public, secret-policy-no-cross-account, environment-separation (got "SecretsManager.9")',
      'secrets.yaml:28 accept[2].owner: is required',
      'secrets.yaml:31 accept[2].expires: must be a real calendar date written YYYY-MM-DD (got "2027-02-30")',
    ]);
  });

  it('refuses an unknown secret, both or neither of finding and control, a finding the kind never has, an environment without the secret (rules)', () => {
    expect(
      problems(`  - { finding: unused, secret: signing-key, reason: r, owner: o, expires: 2027-03-31 }
  - { finding: unused, control: SecretsManager.3, secret: orders/signing-key, reason: r, owner: o, expires: 2027-03-31 }
  - { secret: orders/signing-key, reason: r, owner: o, expires: 2027-03-31 }
  - { finding: rotation-disabled, secret: stripe/api-key, reason: r, owner: o, expires: 2027-03-31 }
  - { finding: external-rotation-due, secret: orders/signing-key, reason: r, owner: o, expires: 2027-03-31 }
  - { control: SecretsManager.1, secret: stripe/api-key, environments: [dev], reason: r, owner: o, expires: 2027-03-31 }
`),
    ).toEqual([
      'secrets.yaml:19 accept[0].secret: "signing-key" is not a secret of this catalog; did you mean "orders/signing-key"?',
      'secrets.yaml:20 accept[1].control: give exactly one of finding (an inventory finding type) and control (a compliance control id); write two entries to accept both',
      'secrets.yaml:21 accept[2]: give exactly one of finding (an inventory finding type) and control (a compliance control id); write two entries to accept both',
      'secrets.yaml:22 accept[3].finding: an external secret has no rotation schedule, so it never has rotation-disabled; accept external-rotation-due (or control SecretsManager.1) instead',
      'secrets.yaml:23 accept[4].finding: only external secrets have external-rotation-due; "orders/signing-key" is a random secret',
      'secrets.yaml:24 accept[5].environments[0]: "stripe/api-key" exists only in prod (only); remove dev',
    ]);
  });
});
