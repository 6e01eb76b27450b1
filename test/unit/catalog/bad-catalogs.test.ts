// Each bad catalog gets every problem reported at once, each with file:line, the field and the fix.
import { describe, expect, it } from 'vitest';
import { CatalogError, formatIssue, loadCatalog } from '../../../lib/catalog';

const FIXTURES = 'test/fixtures/catalogs/bad';

function problemsOf(fixture: string): string[] {
  try {
    loadCatalog(`${FIXTURES}/${fixture}.yaml`);
  } catch (error) {
    if (error instanceof CatalogError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error(`${fixture}.yaml loaded without an error`);
}

const at = (fixture: string, line: number) => `${FIXTURES}/${fixture}.yaml:${line}`;
const LOCKOUT = 'each rotation changes the password the others hold and locks them out (roles belong to the server, not to a database)';

const CASES: [fixture: string, expected: (fixture: string) => string[]][] = [
  ['rotation-days-out-of-range', (f) => [`${at(f, 12)} secrets[orders/db-app].rotation.days: must be between 1 and 1000`]],
  ['rotation-hours-too-short', (f) => [`${at(f, 11)} secrets[orders/signing-key].rotation.hours: must be between 4 and 23`]],
  ['rotation-days-and-hours', (f) => [`${at(f, 12)} secrets[orders/signing-key].rotation.hours: give either days or hours, not both`]],
  ['unknown-key-typo', (f) => [`${at(f, 10)} secrets[orders/signing-key].rotaton: unknown key "rotaton"; did you mean "rotation"?`]],
  [
    'classification-not-allowed',
    (f) => [`${at(f, 7)} secrets[orders/signing-key].classification: must be one of critical, high, medium, low (got "secret")`],
  ],
  [
    'duplicate-names',
    (f) => [`${at(f, 10)} secrets[1].name: "orders/signing-key" is already the name of secrets[0] (line 5); secret names must be unique`],
  ],
  [
    'alternating-without-master',
    (f) => [
      `${at(f, 11)} secrets[orders/db-app].rotation.strategy: alternating-users needs postgres.masterSecret: the postgres secret (same environment) whose user creates and alters the clone user (environment dev)`,
    ],
  ],
  [
    'master-in-another-environment',
    (f) => [
      `${at(f, 25)} secrets[orders/db-app].postgres.masterSecret: "orders/db-admin" is not a secret of this environment; it exists only in prod (environment dev)`,
    ],
  ],
  [
    'single-user-with-master',
    (f) => [
      `${at(f, 21)} secrets[orders/db-app].postgres.masterSecret: only alternating-users uses a master secret; remove it or set rotation.strategy: alternating-users (environment dev)`,
    ],
  ],
  [
    'master-not-postgres',
    (f) => [
      `${at(f, 20)} secrets[orders/db-app].postgres.masterSecret: "orders/api-token" is a random secret; a master secret must be a postgres secret (environment dev)`,
    ],
  ],
  [
    'reader-shared-across-environments',
    (f) => [
      `${at(f, 12)} secrets[orders/api-token].readers[0]: "arn:aws:iam::111111111111:role/orders-api" would have access in environments dev, prod; environments never share a principal: list readers per environment under environments.<env>.readers, or put {env} in the ARN`,
    ],
  ],
  [
    'reader-in-another-account',
    (f) => [
      `${at(f, 12)} secrets[orders/api-token].readers[0]: is in account 111111111111, but environment prod is account 222222222222; readers must be principals of their environment's account (environment prod)`,
    ],
  ],
  [
    'critical-rotates-too-rarely',
    (f) => [
      `${at(f, 4)} defaults.rotation.days: a critical secret must rotate at least every 90 days (here every 180); lower rotation.days or state rotation.justification (environment dev)`,
    ],
  ],
  ['random-length-too-short', (f) => [`${at(f, 11)} secrets[orders/api-token].random.length: must be between 16 and 4096`]],
  [
    'external-rotate-by-not-a-date',
    (f) => [`${at(f, 11)} secrets[stripe/api-key].external.rotateBy: must be a real calendar date written YYYY-MM-DD (got "2027-02-30")`],
  ],
  [
    'environment-name-invalid',
    (f) => [
      `${at(f, 3)} environments.Production: must be a lowercase letter followed by at most 15 lowercase letters, digits or hyphens`,
    ],
  ],
  [
    // YAML 1.2 reads an unquoted 012345678901 as the number 12345678901: the leading zero is gone.
    'account-unquoted',
    (f) => [`${at(f, 4)} environments.prod.account: must be a 12-digit AWS account ID in quotes (got 12345678901)`],
  ],
  [
    'postgres-host-missing-in-one-environment',
    (f) => [
      `${at(f, 11)} secrets[orders/db-app].postgres.host: is required; set it in postgres or in environments.<env>.postgres (environment prod)`,
    ],
  ],
  ['duplicate-yaml-key', (f) => [`${at(f, 7)}: YAML syntax error at column 5: Map keys must be unique ("kind" is written twice)`]],
  [
    'settings-of-another-kind',
    (f) => [
      `${at(f, 10)} secrets[stripe/api-key].rotation: external secrets are rotated by hand and have no schedule; remove rotation and set external.rotateBy`,
      `${at(f, 14)} secrets[stripe/api-key].random: does not apply to an external secret; remove it`,
    ],
  ],
  [
    'override-for-unknown-environment',
    (f) => [`${at(f, 12)} secrets[orders/api-token].environments.production: "production" is not an environment of this catalog (known: dev, prod)`],
  ],
  [
    'secret-name-invalid',
    (f) => [`${at(f, 5)} secrets[0].name: may contain only ASCII letters, digits and / _ + = . @ - (got "orders api token")`],
  ],
  [
    'account-placeholder-without-account',
    (f) => [`${at(f, 11)} secrets[orders/api-token].readers[0]: uses {account} but environments.dev.account is not set (environment dev)`],
  ],
  [
    'window-longer-than-interval',
    (f) => [`${at(f, 4)} defaults.rotation.duration: the window (6h) must be shorter than the interval (4 hours) (environment dev)`],
  ],
  [
    'master-on-another-server',
    (f) => [
      `${at(f, 20)} secrets[orders/db-app].postgres.masterSecret: "orders/db-admin" is for orders-a.db.example.internal:5432 but this secret for orders-b.db.example.internal:5432; the master must administer the same server (environment dev)`,
    ],
  ],
  [
    // The docs' old example: one line, inherited by three environments on one server.
    'database-user-shared-across-environments',
    (f) => [
      `${at(f, 16)} secrets[billing/db-admin].postgres.username: database user "billing_admin" on billing.db.example.internal:5432 is rotated in dev, staging, prod: secrets[billing/db-admin] line 16; ${LOCKOUT}; give each environment its own host or user (environments.<env>.postgres)`,
    ],
  ],
  [
    // Host names compare as DNS does (case, trailing dot); the database does not matter, roles are server-wide.
    'database-user-written-per-environment',
    (f) => {
      const message = `database user "billing_app" on billing.db.example.internal:5432 is rotated in dev: secrets[billing/db-app] line 14; prod: secrets[billing/db-app] line 16; ${LOCKOUT}; give each environment its own host or user (environments.<env>.postgres)`;
      return [`${at(f, 14)} secrets[billing/db-app].environments.dev.postgres.username: ${message}`, `${at(f, 16)} secrets[billing/db-app].environments.prod.postgres.username: ${message}`];
    },
  ],
  [
    'database-clone-user-collides',
    (f) => {
      const message = `database user "reports_clone" on reports.db.example.internal:5432 is rotated in dev: secrets[reports/db-app] line 19 (clone of its alternating user); prod: secrets[reports/readonly] line 26; ${LOCKOUT}; give each environment its own host or user (environments.<env>.postgres)`;
      return [`${at(f, 19)} secrets[reports/db-app].postgres.username: ${message}`, `${at(f, 26)} secrets[reports/readonly].postgres.username: ${message}`];
    },
  ],
  [
    'database-user-twice-in-one-environment',
    (f) => {
      const message = `database user "orders_app" on orders.db.example.internal:5432 is rotated in dev: secrets[orders/db-app] line 10; dev: secrets[orders/db-app-copy] line 16; ${LOCKOUT}; give each secret its own user`;
      return [`${at(f, 10)} secrets[orders/db-app].postgres.username: ${message}`, `${at(f, 16)} secrets[orders/db-app-copy].postgres.username: ${message}`];
    },
  ],
  [
    'secret-value-in-catalog',
    (f) => [
      `${at(f, 12)} secrets[stripe/api-key].external.value: unknown key "value": the catalog never holds secret values (warden generates and rotates them; external ones are stored by hand); remove it`,
    ],
  ],
  ['empty', (f) => [`${at(f, 1)}: the catalog must be a mapping with version, environments and secrets (got nothing)`]],
  [
    // The bad value is written in the anchored block, so that is the line to edit.
    'merged-value-out-of-range',
    (f) => [`${at(f, 6)} secrets[orders/db-app].postgres.port: must be between 1 and 65535`],
  ],
  [
    'reader-wildcard',
    (f) => [
      `${at(f, 11)} secrets[orders/api-token].readers[0]: must be one IAM principal ARN without wildcards (arn:aws:iam::<account>:role/<name>, :user/<name> or :root) (got "*")`,
      `${at(f, 12)} secrets[orders/api-token].readers[1]: must be one IAM principal ARN without wildcards (arn:aws:iam::<account>:role/<name>, :user/<name> or :root) (got "arn:aws:iam::111111111111:role/*")`,
    ],
  ],
  [
    'many-problems',
    (f) => [
      `${at(f, 4)} environments.dev.regoin: unknown key "regoin"; did you mean "region"?`,
      `${at(f, 13)} secrets[0].rotation.days: must be between 1 and 1000`,
      `${at(f, 16)} secrets[0].postgres.port: must be between 1 and 65535`,
    ],
  ],
  [
    'many-rule-violations',
    (f) => [
      `${at(f, 3)} environments.dev.adminRoleArn: is in account 999999999999, but environment dev is account 111111111111`,
      `${at(f, 14)} secrets[0].postgres.host: is required; set it in postgres or in environments.<env>.postgres (environments dev, prod)`,
      `${at(f, 16)} secrets[0].postgres.masterSecret: "orders/db-admn" is not a secret of this environment; add it to secrets or fix the name (environments dev, prod)`,
      `${at(f, 17)} secrets[1].classification: is required (or set defaults.classification) (environments dev, prod)`,
      `${at(f, 17)} secrets[1].name: "orders/db-app" is already the name of secrets[0] (line 7); secret names must be unique`,
      `${at(f, 22)} secrets[1].readers[0]: "arn:aws:iam::111111111111:role/orders-api" would have access in environments dev, prod; environments never share a principal: list readers per environment under environments.<env>.readers, or put {env} in the ARN`,
      `${at(f, 22)} secrets[1].readers[0]: is in account 111111111111, but environment prod is account 222222222222; readers must be principals of their environment's account (environment prod)`,
    ],
  ],
];

describe('a bad catalog', () => {
  it.each(CASES)('%s: reports the exact problems with file, line and field', (fixture, expected) => {
    const problems = problemsOf(fixture);

    expect(problems).toEqual(expected(fixture));
  });

  it('lists every problem in one error message, in file order', () => {
    let caught: unknown;

    try {
      loadCatalog(`${FIXTURES}/many-problems.yaml`);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(CatalogError);
    expect((caught as Error).message).toBe(
      [
        `${FIXTURES}/many-problems.yaml: 3 problems in the secrets catalog; fix them (reference: docs/catalog.md):`,
        `  ${at('many-problems', 4)} environments.dev.regoin: unknown key "regoin"; did you mean "region"?`,
        `  ${at('many-problems', 13)} secrets[0].rotation.days: must be between 1 and 1000`,
        `  ${at('many-problems', 16)} secrets[0].postgres.port: must be between 1 and 65535`,
      ].join('\n'),
    );
  });

  it('never repeats a value pasted into the catalog', () => {
    let caught: unknown;

    try {
      loadCatalog(`${FIXTURES}/secret-value-in-catalog.yaml`);
    } catch (error) {
      caught = error;
    }

    expect((caught as Error).message).toContain('external.value');
    expect((caught as Error).message).not.toContain('canary');
  });

  it('names the path when the file cannot be read', () => {
    expect(() => loadCatalog('config/no-such-catalog.yaml')).toThrow(
      'config/no-such-catalog.yaml:1: cannot read the catalog file (ENOENT); check the path (default config/secrets.yaml)',
    );
  });
});
