// Runs the two examples of docs/client.md as written, in fresh node processes that import
// `secrets-warden/client` (and /middy, /pg) by the package's name, i.e. through package.json
// `exports` into dist/ (the global setup builds it). Secrets Manager is the loopback HTTP endpoint
// over the in-process double (test/support/secrets-manager-http.ts, AWS_ENDPOINT_URL_SECRETS_MANAGER); the database is the embedded
// PostgreSQL, reached with TLS verified against the harness CA (NODE_EXTRA_CA_CERTS).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, quoteIdent, type TestDatabase } from '../../support/postgres';
import { startAwsHttpDouble, type AwsHttpDouble } from '../../support/secrets-manager-http';
import { uniqueSuffix } from '../rotation/support';

const root = resolve(import.meta.dirname, '../../..');
const CANARY_TOKEN = `canary-token-${uniqueSuffix()}-do-not-print`;
const CANARY_PASSWORD = `canary-Pw-${uniqueSuffix()}-do-not-print`;

/** The fenced block that follows `<!-- example: <name>` in docs/client.md. */
function example(name: string): string {
  const doc = readFileSync(join(root, 'docs/client.md'), 'utf8');
  const match = doc.match(new RegExp(`<!-- example: ${name}\\b[^\\n]*-->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``));
  if (!match) throw new Error(`docs/client.md has no "example: ${name}" block`);
  return match[1]!;
}

describe('the docs/client.md examples, run by package name', () => {
  const dir = join(root, '.tmp', `docs-example-${uniqueSuffix()}`);
  const user = `docs_app_${uniqueSuffix()}`;
  let endpoint: AwsHttpDouble;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  const run = async (script: string, extra: NodeJS.ProcessEnv = {}) => {
    const file = join(dir, script);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--no-warnings', file], { cwd: dir, env: { ...env, ...extra }, timeout: 60_000 });
    return { stdout, stderr };
  };

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'lambda.mjs'), example('lambda'));
    writeFileSync(join(dir, 'service.mjs'), example('service'));
    writeFileSync(join(dir, 'invoke-lambda.mjs'), [
      "import { handler } from './lambda.mjs';",
      "const context = { awsRequestId: 'req-1', functionName: 'docs-example' };",
      'const results = [await handler({ token: process.env.EXPECTED_TOKEN }, context), await handler({ token: "wrong" }, { ...context, awsRequestId: "req-2" })];',
      'console.log(JSON.stringify(results));',
    ].join('\n'));
    writeFileSync(join(dir, 'start-service.mjs'), "await import('./service.mjs');\nprocess.exit(0);\n");

    db = await createTestDatabase('client_docs');
    await db.createRole(user, CANARY_PASSWORD);
    await db.admin.query('CREATE TABLE orders (id int)');
    await db.admin.query('INSERT INTO orders VALUES (1), (2), (3)');
    await db.admin.query(`GRANT SELECT ON orders TO ${quoteIdent(user)}`);

    endpoint = await startAwsHttpDouble();
    endpoint.double.seed({ name: 'prod/payments/api-token', secretString: CANARY_TOKEN });
    endpoint.double.seed({ name: 'prod/payments/db-app', secretString: JSON.stringify({ engine: 'postgres', host: db.server.host, port: db.server.port, dbname: db.database, username: user, password: CANARY_PASSWORD, ssl: true }) });
    env = {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
      WARDEN_ENVIRONMENT: 'prod',
    };
  });
  afterAll(async () => {
    await endpoint?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Lambda: the middleware puts the secret on the context; two invocations make one GetSecretValue', async () => {
    const { stdout, stderr } = await run('invoke-lambda.mjs', { EXPECTED_TOKEN: CANARY_TOKEN });

    expect(JSON.parse(stdout)).toEqual([{ authorized: true }, { authorized: false }]);
    expect(endpoint.double.calls('GetSecretValue').map((c) => c.input)).toEqual([{ SecretId: 'prod/payments/api-token', VersionStage: 'AWSCURRENT' }]);
    expect(stdout + stderr).not.toContain(CANARY_TOKEN);
  });

  it('service: the pool logs in with the secret (TLS verified) and runs the query', async () => {
    const { stdout, stderr } = await run('start-service.mjs', { NODE_EXTRA_CA_CERTS: db.server.caFile });

    expect(stdout.trim()).toBe('3 orders');
    expect(endpoint.double.calls('GetSecretValue').at(-1)!.input).toEqual({ SecretId: 'prod/payments/db-app', VersionStage: 'AWSCURRENT' });
    expect(stdout + stderr).not.toContain(CANARY_PASSWORD);
  });
});
