// The built `warden` CLI as a subprocess against the HTTP double (one server for the file):
// each bad input gets its clear error, the right exit code, and changes nothing; no secret value
// reaches any output without --reveal; rotate --wait follows the real rotation core's log lines.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotate } from '../../../lambdas/rotation/core/rotate';
import { randomTokenStrategy } from '../../../lambdas/rotation/core/random-token';
import { STEPS } from '../../../lambdas/rotation/core/ports';
import { secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { systemClock, systemRandom } from '../../../lambdas/rotation/system';
import { MUTATING_OPERATIONS, SecretsManagerDouble } from '../../support/secrets-manager-double';
import { startAwsHttpDouble, type AwsHttpDouble } from '../../support/secrets-manager-http';
import { temporaryDirectory } from '../../support/temporary-directory';
import { warden, type WardenRun } from './support';

const CANARY_PASSWORD = 'CANARY-pw-7f3a9c1e5b';
const CANARY_TOKEN = 'CANARY-token-0d8e2b6a41';
const CANARY_TEXT = 'CANARY-plaintext-9b1c';
const ROTATION_FUNCTION = 'arn:aws:lambda:eu-west-1:111111111111:function:dev-rotation-random';
const LOG_GROUP = '/secrets-warden/dev/rotation-random';
const DAY = 86_400_000;

let server: AwsHttpDouble;
const all: WardenRun[] = [];
async function run(args: string[], options: Parameters<typeof warden>[1] = {}): Promise<WardenRun> {
  const result = await warden(args, { server, ...options });
  all.push(result);
  return result;
}

/** No call that changes state reached the double. */
function mutations(): string[] {
  return server.double.calls().filter((c) => MUTATING_OPERATIONS.has(c.operation)).map((c) => c.operation);
}

beforeAll(async () => {
  server = await startAwsHttpDouble({ account: '111111111111', region: 'eu-west-1' });
  server.setCaller('AKIAOTHERACCOUNT0001', { account: '999999999999' });
  server.setCaller('AKIAEXPIRED000000001', { expired: true });
  server.setCaller('AKIANOGETVALUE000001', { denied: ['secretsmanager:GetSecretValue'] });
  const tags = (owner: string, classification: string, kind: string) => ({ 'warden:environment': 'dev', 'warden:owner': owner, 'warden:classification': classification, 'warden:kind': kind, 'warden:managed': 'true' });
  server.double.seed({
    name: 'dev/payments/db-app',
    secretString: JSON.stringify({ engine: 'postgres', host: 'db.internal', port: 5432, username: 'payments_app', password: CANARY_PASSWORD, dbname: 'payments' }),
    versions: [{ versionId: 'a'.repeat(32), stages: ['AWSPREVIOUS'], secretString: JSON.stringify({ username: 'payments_app', password: `${CANARY_PASSWORD}-old` }) }],
    tags: tags('team-payments', 'high', 'postgres'),
    rotationEnabled: true,
    rotationLambdaArn: 'arn:aws:lambda:eu-west-1:111111111111:function:dev-rotation-postgres',
    rotationRules: { AutomaticallyAfterDays: 30 },
    lastRotatedDate: new Date(Date.now() - 45 * DAY),
  });
  server.double.seed({
    name: 'dev/orders/signing-key',
    secretString: JSON.stringify({ token: CANARY_TOKEN }),
    tags: tags('team-orders', 'high', 'random'),
    rotationEnabled: true,
    rotationLambdaArn: ROTATION_FUNCTION,
    rotationRules: { AutomaticallyAfterDays: 30 },
    lastRotatedDate: new Date(Date.now() - 2 * DAY),
  });
  server.double.seed({ name: 'legacy/plain', secretString: CANARY_TEXT });
  server.double.seed({
    name: 'dev/notifications/session-token',
    secretString: JSON.stringify({ token: `${CANARY_TOKEN}-2` }),
    versions: [{ versionId: 'b'.repeat(32), stages: ['AWSPENDING'] }],
    tags: tags('team-notifications', 'medium', 'random'),
    rotationEnabled: true,
    rotationLambdaArn: ROTATION_FUNCTION,
  });
  server.functions.set('dev-rotation-random', { logGroup: LOG_GROUP });
  server.logs.set(LOG_GROUP, []);
});

afterAll(async () => {
  await server.stop();
  // The canary: nothing any run printed holds a value (the one --reveal run is not in `all`).
  for (const result of all) {
    for (const canary of [CANARY_PASSWORD, CANARY_TOKEN, CANARY_TEXT]) {
      expect(result.stdout).not.toContain(canary);
      expect(result.stderr).not.toContain(canary);
    }
  }
});

describe('warden (subprocess, HTTP double)', () => {
  it('prints its version and help without AWS, and fails usage with exit 2', async () => {
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await run(['get', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Example');
    const unknown = await run(['lsit']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean list?');
    expect(server.requests).toHaveLength(0);
  });

  it('lists every secret of the environment, managed or not, with --json and filters', async () => {
    const result = await run(['list', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { account: string; secrets: { name: string; managed: boolean; deployed: boolean; findingTypes: string[] }[] };
    expect(doc.account).toBe('111111111111');
    const byName = new Map(doc.secrets.map((s) => [s.name, s]));
    expect(byName.get('legacy/plain')).toMatchObject({ managed: false, deployed: true });
    expect(byName.get('dev/payments/db-app')).toMatchObject({ managed: true, deployed: true });
    expect(byName.get('dev/payments/db-app')!.findingTypes).toContain('rotation-overdue');
    expect(byName.get('dev/payments/db-admin')).toMatchObject({ managed: true, deployed: false });
    const overdue = JSON.parse((await run(['list', '--overdue', '--json'])).stdout) as { secrets: { name: string }[] };
    expect(overdue.secrets.map((s) => s.name)).toEqual(['dev/payments/db-app']);
    const table = await run(['list', '--unmanaged']);
    expect(table.stdout).toContain('legacy/plain');
    expect(table.stdout).not.toContain('dev/orders/signing-key');
    expect(table.stdout).not.toContain('\u001b['); // no colour off a terminal
  });

  it('status: one line per secret needing attention, exit 1 at or above --fail-on, the report badge', async () => {
    const badge = join(temporaryDirectory('warden-status-'), 'health.svg');
    const failing = await run(['status', '--fail-on', 'high', '--json', '--badge', badge]);
    expect(failing.code).toBe(1);
    const doc = JSON.parse(failing.stdout) as { failed: boolean; attention: { name: string; severity: string; findings: { type: string }[] }[] };
    expect(doc.failed).toBe(true);
    expect(doc.attention.find((a) => a.name === 'dev/payments/db-app')).toMatchObject({ severity: 'HIGH', findings: expect.arrayContaining([expect.objectContaining({ type: 'rotation-overdue' })]) });
    expect(readFileSync(badge, 'utf8')).toMatch(/^<svg[\s\S]*secrets dev/);
    const passing = await run(['status', '--fail-on', 'critical']);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/^high +dev\/payments\/db-app: .*rotation-overdue/m);
  });

  it('status and list show a finding the catalog accepts as accepted, with expiry, owner and reason, and do not count it (issue 11)', async () => {
    const catalog = join(temporaryDirectory('warden-accept-'), 'secrets.yaml');
    writeFileSync(
      catalog,
      `${readFileSync('config/secrets.yaml', 'utf8')}\naccept:\n  - { finding: rotation-overdue, secret: payments/db-app, environments: [dev], reason: dev database frozen for the migration, owner: team-payments, expires: 2099-12-31 }\n`,
    );
    const status = await run(['status', '--catalog', catalog, '--fail-on', 'high', '--json']);
    const doc = JSON.parse(status.stdout) as { attention: { name: string; findings: { type: string }[] }[]; accepted: { name: string; type: string; acceptance: { owner: string; expires: string } }[] };
    const table = await run(['status', '--catalog', catalog, '--fail-on', 'critical']);
    const list = JSON.parse((await run(['list', '--catalog', catalog, '--json'])).stdout) as { secrets: { name: string; findingTypes: string[]; acceptedTypes: string[] }[] };

    expect(doc.accepted).toEqual([expect.objectContaining({ name: 'dev/payments/db-app', type: 'rotation-overdue', acceptance: expect.objectContaining({ owner: 'team-payments', expires: '2099-12-31' }) })]);
    expect(doc.attention.flatMap((a) => (a.name === 'dev/payments/db-app' ? a.findings.map((f) => f.type) : []))).not.toContain('rotation-overdue');
    expect(table.stdout).toMatch(/^accepted +dev\/payments\/db-app: rotation-overdue until 2099-12-31 \(team-payments: dev database frozen for the migration\)$/m);
    expect(list.secrets.find((s) => s.name === 'dev/payments/db-app')).toMatchObject({ acceptedTypes: ['rotation-overdue'] });
    expect(list.secrets.find((s) => s.name === 'dev/payments/db-app')!.findingTypes).not.toContain('rotation-overdue');
  });

  it('catalog check loads an accept entry past its expiry and lists it as expired', async () => {
    const catalog = join(temporaryDirectory('warden-expired-'), 'secrets.yaml');
    writeFileSync(catalog, `${readFileSync('config/secrets.yaml', 'utf8')}\naccept:\n  - { control: SecretsManager.3, secret: orders/signing-key, reason: quarterly job, owner: team-orders, expires: 2020-01-31 }\n`);
    const result = await run(['catalog', 'check', '--catalog', catalog]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^expired accept: control SecretsManager\.3 on prod\/orders\/signing-key \(owner team-orders\) expired on 2020-01-31: it is a finding again/m);
  });

  it('status: a rotation stuck in AWSPENDING, the last rotation failed, the latest reports from S3 (or one line saying why not)', async () => {
    const HOUR = 3_600_000;
    const tags = { 'warden:environment': 'dev', 'warden:owner': 'team-billing', 'warden:classification': 'medium', 'warden:kind': 'random', 'warden:managed': 'true' };
    const rotating = { rotationEnabled: true, rotationLambdaArn: ROTATION_FUNCTION, rotationRules: { AutomaticallyAfterDays: 30 }, tags };
    server.double.seed({ name: 'dev/billing/stuck-token', secretString: '{"token":"x"}', ...rotating, lastRotatedDate: new Date(Date.now() - DAY), versions: [{ versionId: 'c'.repeat(32), stages: ['AWSPENDING'], createdDate: new Date(Date.now() - 2 * HOUR) }] });
    const failed = server.double.seed({ name: 'dev/billing/failed-token', secretString: '{"token":"x"}', ...rotating, lastRotatedDate: new Date(Date.now() - 3 * DAY) });
    const recovered = server.double.seed({ name: 'dev/billing/recovered-token', secretString: '{"token":"x"}', ...rotating, lastRotatedDate: new Date(Date.now() - DAY) });
    const failure = (id: string, secretArn: string, time: number, newSpelling: boolean) => ({
      eventVersion: '1.08', eventTime: new Date(time).toISOString(), eventSource: 'secretsmanager.amazonaws.com', eventName: 'RotationFailed', eventType: 'AwsServiceEvent',
      userIdentity: { type: 'AWSService', invokedBy: 'secretsmanager.amazonaws.com' }, eventID: id, readOnly: false,
      ...(newSpelling ? { serviceEventDetails: { secretId: secretArn } } : { additionalEventData: { SecretId: secretArn } }),
    });
    server.trail.addEvent(failure('f-1', failed, Date.now() - DAY, true));
    server.trail.addEvent(failure('f-2', recovered, Date.now() - 3 * DAY, false));

    // No stack output, no bucket: the reports are one line each, and do not fail the run.
    const without = await run(['status', '--fail-on', 'critical', '--json']);
    expect(without.code).toBe(0);
    const first = JSON.parse(without.stdout) as { attention: { name: string; findings: { type: string; title: string }[] }[]; inventoryReport: { unavailable?: string }; compliance: { unavailable?: string }; rotationFailuresUnavailable: string | null };
    expect(first.inventoryReport.unavailable).toMatch(/SecretsWarden-dev/);
    expect(first.compliance.unavailable).toMatch(/--report-bucket/);
    expect(first.rotationFailuresUnavailable).toBeNull();
    const typesOf = (name: string) => first.attention.find((a) => a.name === name)?.findings.map((f) => f.type) ?? [];
    expect(typesOf('dev/billing/stuck-token')).toContain('rotation-stuck');
    expect(typesOf('dev/billing/failed-token')).toContain('rotation-failed');
    expect(typesOf('dev/billing/recovered-token')).not.toContain('rotation-failed');
    expect(typesOf('dev/notifications/session-token')).not.toContain('rotation-stuck'); // AWSPENDING for less than an hour

    // The stack names the bucket; the latest inventory report holds a critical finding the live pass cannot see.
    server.stacks.set('SecretsWarden-dev', { status: 'UPDATE_COMPLETE', outputs: { ReportBucketName: 'dev-reports-bucket' } });
    const bySeverity = { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
    server.putObject('dev-reports-bucket', 'inventory/latest.facts.ndjson', `${JSON.stringify({ schemaVersion: 1, environment: 'dev', generatedAt: '2026-12-01T06:00:00.000Z', summary: { secrets: 7, failedSecrets: 0, findingsBySeverity: bySeverity, findingsByType: {} }, records: 0 })}\n`);
    server.putObject('dev-reports-bucket', 'compliance/latest.json', JSON.stringify({ environment: 'dev', generatedAt: '2026-12-01T07:00:00.000Z', score: { score: 87.5 } }));
    const withReports = await run(['status', '--fail-on', 'critical']);
    expect(withReports.code).toBe(1);
    expect(withReports.stderr).toContain('inventory report of 2026-12-01T06:00:00.000Z: 1 critical, 2 high open over 7 secrets');
    expect(withReports.stderr).toContain('compliance score (report of 2026-12-01T07:00:00.000Z): 87.5%');
    expect(withReports.stdout).toMatch(/^high +dev\/billing\/stuck-token: .*rotation stuck: AWSPENDING on version c{32} since /m);
    expect(withReports.stdout).toMatch(/^high +dev\/billing\/failed-token: .*last rotation failed \(RotationFailed at /m);

    // A bucket that cannot be read: one line, the live verdict stands.
    const denied = await run(['status', '--fail-on', 'critical', '--report-bucket', 'no-such-bucket']);
    expect(denied.code).toBe(0);
    expect(denied.stderr).toMatch(/inventory report unavailable: .*no-such-bucket/);
  });

  it('gets a secret masked (keys, lengths, fingerprints), and reveals only when asked', async () => {
    const masked = await run(['get', 'payments/db-app', '--json']);
    expect(masked.code).toBe(0);
    const doc = JSON.parse(masked.stdout) as { name: string; stages: string[]; fields: { key: string; length: number; fingerprint: string }[] };
    expect(doc.name).toBe('dev/payments/db-app');
    expect(doc.stages).toEqual(['AWSCURRENT']);
    expect(doc.fields.find((f) => f.key === 'password')).toMatchObject({ length: CANARY_PASSWORD.length, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const previous = await run(['get', 'payments/db-app', '--stage', 'AWSPREVIOUS']);
    expect(previous.stdout).toContain('AWSPREVIOUS');
    const text = await run(['get', 'legacy/plain']);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('not JSON');
    const revealed = await warden(['get', 'payments/db-app', '--reveal', '--field', 'password'], { server });
    expect(revealed.code).toBe(0);
    expect(revealed.stdout.trim()).toBe(CANARY_PASSWORD);
  });

  it('gets AWSCURRENT from a server whose read without a stage is the version last written (moto), after a rotation moved the label', async () => {
    const moto = await startAwsHttpDouble({ double: new SecretsManagerDouble({ account: '111111111111', region: 'eu-west-1', unstagedRead: 'last-written' }) });
    try {
      moto.double.seed({ name: 'dev/orders/signing-key', secretString: JSON.stringify({ token: CANARY_TOKEN }) });
      // A rotation: the new value as AWSPENDING, then finishSecret's UpdateSecretVersionStage.
      const token = 'c'.repeat(32);
      await moto.double.handle('PutSecretValue', { SecretId: 'dev/orders/signing-key', ClientRequestToken: token, SecretString: JSON.stringify({ token: `${CANARY_TOKEN}-rotated` }), VersionStages: ['AWSPENDING'] });
      const current = moto.double.versionAt('dev/orders/signing-key', 'AWSCURRENT');
      await moto.double.handle('UpdateSecretVersionStage', { SecretId: 'dev/orders/signing-key', VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current });

      const result = await warden(['get', 'orders/signing-key', '--json'], { server: moto });
      all.push(result);

      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ versionId: token, stages: expect.arrayContaining(['AWSCURRENT']) });
    } finally {
      await moto.stop();
    }
  });

  it('ends quietly with its own exit code when the reader of its output has gone (`| head`), no EPIPE stack trace', async () => {
    for (const args of [['get', 'payments/db-app'], ['list'], ['list', '--json']]) {
      const result = await run(args, { closedStdout: true });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stderr, args.join(' ')).not.toMatch(/EPIPE|ERR_STREAM_DESTROYED|Unhandled|\n\s+at /);
    }
  });

  it('asks STS once per access key (the cache), again with --no-cache, WARDEN_NO_CACHE or a command that changes something', async () => {
    const accessKeyId = 'AKIACACHECHECK000001';
    const stsCalls = () => server.requests.filter((r) => r.service === 'sts' && r.accessKeyId === accessKeyId).length;
    const codes: (number | null)[] = [];
    codes.push((await run(['get', 'payments/db-app'], { accessKeyId })).code);
    expect(stsCalls()).toBe(1);
    codes.push((await run(['get', 'payments/db-app'], { accessKeyId })).code);
    codes.push((await run(['list', '--json'], { accessKeyId })).code);
    expect(stsCalls()).toBe(1);
    codes.push((await run(['get', 'payments/db-app', '--no-cache'], { accessKeyId })).code);
    expect(stsCalls()).toBe(2);
    codes.push((await run(['get', 'payments/db-app'], { accessKeyId, env: { WARDEN_NO_CACHE: '1' } })).code);
    expect(stsCalls()).toBe(3);
    codes.push((await run(['rotate', 'orders/signing-key', '--dry-run'], { accessKeyId })).code);
    expect(stsCalls()).toBe(4);
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    expect(mutations()).toEqual([]);
  });

  it('stores the compiled code of a command after a run that found the STS account and the catalog in the cache, not before', async () => {
    const home = temporaryDirectory('warden-code-cache-');
    const codeFiles = () => (existsSync(join(home, 'secrets-warden', 'code')) ? readdirSync(join(home, 'secrets-warden', 'code')) : []);
    const env = { XDG_CACHE_HOME: home };
    const first = await run(['get', 'payments/db-app'], { env });
    expect(first.code).toBe(0);
    // The first run asked STS and parsed the catalog: its code would weigh on every later run.
    expect(codeFiles()).toEqual([]);
    const second = await run(['get', 'payments/db-app'], { env });
    expect([second.code, second.stdout, second.stderr]).toEqual([first.code, first.stdout, first.stderr]);
    expect(codeFiles()).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.bin$/)]);
    const file = join(home, 'secrets-warden', 'code', codeFiles()[0]!);
    // Compiled code only: the value the command read is not in it.
    expect(readFileSync(file).includes(CANARY_PASSWORD)).toBe(false);
    const written = statSync(file).ino;
    const third = await run(['get', 'payments/db-app'], { env });
    expect(third.stdout).toBe(first.stdout);
    expect(statSync(file).ino).toBe(written);
  });

  it('refuses each bad input with a clear message and changes nothing', { timeout: 240_000 }, async () => {
    const before = server.double.calls().length;
    const cases: [string[], Parameters<typeof warden>[1], number, RegExp][] = [
      [['get', 'payments/db-ap'], {}, 1, /no secret named payments\/db-ap .*\n.*Did you mean payments\/db-app/],
      [['get', 'payments/db-app'], { accessKeyId: 'AKIAOTHERACCOUNT0001' }, 4, /account 999999999999, but environment dev is account 111111111111/],
      [['get', 'payments/db-app'], { env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } }, 3, /no AWS credentials found/],
      [['get', 'payments/db-app'], { accessKeyId: 'AKIAEXPIRED000000001' }, 3, /credentials expired/],
      [['get', 'payments/db-app'], { accessKeyId: 'AKIANOGETVALUE000001' }, 3, /refused secretsmanager:GetSecretValue on dev\/payments\/db-app/],
      [['get', 'legacy/plain', '--reveal', '--field', 'token'], {}, 1, /not a JSON object/],
      [['list', '--catalog', 'test/fixtures/catalogs/bad/many-problems.yaml'], {}, 2, /many-problems.yaml:4 environments.dev.regoin/],
      [['list', '--env', 'pord'], {}, 2, /Did you mean prod\?/],
      [['rotate', 'orders/signing-key'], {}, 4, /without confirmation .*\n.*--yes/],
      [['rotate', 'notifications/session-token', '--yes'], {}, 4, /already in progress/],
      [['get', 'payments/db-app', '--field', 'password'], {}, 2, /--field needs --reveal/],
    ];
    // Three subprocesses at a time: each is mostly waiting on its own start-up.
    const results: WardenRun[] = [];
    for (let i = 0; i < cases.length; i += 3) results.push(...(await Promise.all(cases.slice(i, i + 3).map(([args, options]) => run(args, options)))));
    for (const [index, [args, , code, message]] of cases.entries()) {
      const result = results[index]!;
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(code === 2 && args.includes('--catalog') ? 6 : 2);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    }
    expect(server.double.calls().length).toBeGreaterThan(before);
    expect(mutations()).toEqual([]);
  });

  it('retries throttling with backoff', async () => {
    server.double.throttle({ everyNth: 2, operations: ['GetSecretValue'] });
    try {
      const results = [await run(['get', 'orders/signing-key']), await run(['get', 'orders/signing-key'])];
      expect(results.map((r) => r.code)).toEqual([0, 0]);
    } finally {
      server.double.stopThrottling();
    }
    expect(server.double.calls('GetSecretValue').some((c) => c.outcome === 'ThrottlingException')).toBe(true);
  });

  it('shows versions and the rotation events CloudTrail holds', async () => {
    server.trail.addEvent({
      eventVersion: '1.08', eventTime: new Date(Date.now() - DAY).toISOString(), eventSource: 'secretsmanager.amazonaws.com', eventName: 'RotationFailed', eventType: 'AwsServiceEvent',
      userIdentity: { type: 'AWSService', invokedBy: 'secretsmanager.amazonaws.com' }, eventID: 'e-1', readOnly: false,
      additionalEventData: { SecretId: server.double.secret('dev/payments/db-app')!.arn },
    });
    const result = await run(['history', 'payments/db-app', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { versions: { stages: string[] }[]; events: { event: string; by: string }[] };
    expect(doc.versions.map((v) => v.stages)).toEqual(expect.arrayContaining([['AWSCURRENT'], ['AWSPREVIOUS']]));
    expect(doc.events).toEqual([expect.objectContaining({ event: 'RotationFailed', by: 'secretsmanager.amazonaws.com' })]);
  });

  it('rotates and follows the four steps from the rotation function\'s log lines', async () => {
    // The rotation function: the real core and random-token strategy, over HTTP to the same double,
    // logging its step lines where FilterLogEvents reads them.
    const client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: server.url, credentials: { accessKeyId: 'AKIAROTATION', secretAccessKey: 'x' } });
    const logger = {
      info: (message: string, attributes: Record<string, unknown>) => server.appendLog(LOG_GROUP, { timestamp: Date.now(), message: JSON.stringify({ level: 'INFO', message, ...attributes }) }),
      error: (message: string, attributes: Record<string, unknown>) => server.appendLog(LOG_GROUP, { timestamp: Date.now(), message: JSON.stringify({ level: 'ERROR', message, ...attributes }) }),
    };
    const deps = { store: secretsManagerStore(client), strategy: randomTokenStrategy(), clock: systemClock, random: systemRandom, logger };
    const removeHook = server.double.afterCall((call, output) => {
      if (call.operation !== 'RotateSecret') return;
      setImmediate(async () => {
        for (const Step of STEPS) await rotate({ SecretId: String(output.ARN), ClientRequestToken: String(output.VersionId), Step }, deps).catch(() => undefined);
      });
    });
    try {
      const result = await run(['rotate', 'orders/signing-key', '--wait', '--yes'], { env: { WARDEN_POLL_INTERVAL_MS: '100' } });
      expect(result.code).toBe(0);
      for (const step of STEPS) expect(result.stderr).toContain(`✓ ${step} completed`);
      expect(result.stderr).toContain('is AWSCURRENT');
      const token = result.stdout.trim();
      expect(server.double.stagesOf('dev/orders/signing-key')[token]).toEqual(['AWSCURRENT']);
    } finally {
      removeHook();
    }
  });

  it('stops waiting on Ctrl-C and leaves the rotation running', async () => {
    const result = await run(['rotate', 'orders/signing-key', '--wait', '--yes'], {
      env: { WARDEN_POLL_INTERVAL_MS: '100' },
      onStderr: { text: 'waiting for the rotation', then: (child) => child.kill('SIGINT') },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('stopped waiting');
    expect(server.double.calls('CancelRotateSecret')).toHaveLength(0);
    const stages = Object.values(server.double.stagesOf('dev/orders/signing-key'));
    expect(stages).toContainEqual(['AWSPENDING']);
  });
});
