// Names of other environments are refused, values never print, the audit hook never sees a value,
// and sources behave as configured (env refused in production, files, SSM SecureString only).
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { Console } from 'node:console';
import { renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { format, inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecrets, ForeignSecretError, SecretsConfigError, SecretValue } from '../../../client/index';
import { AWSCURRENT, AWSPENDING } from '../../support/secrets-manager-double';
import { clientFixture, finishRotation, rotateValue, type ClientFixture } from './support';
import { temporaryDirectory } from '../../support/temporary-directory';

const CANARY = 'canary-7f3a9c-NEVER-PRINT-ME';

describe('names', () => {
  let f: ClientFixture;
  beforeEach(() => {
    f = clientFixture({ environments: ['dev', 'staging', 'prod'] });
    f.sm.double.seed({ name: 'staging/payments/db', secretString: CANARY });
    f.sm.double.seed({ name: 'dev/payments/db', secretString: 'dev-value' });
  });
  afterEach(() => f.sm.restore());

  it('reads a catalog name as <env>/<name>', async () => {
    expect((await f.secrets.get('payments/db')).reveal()).toBe('dev-value');
    expect(f.sm.double.calls('GetSecretValue')[0]!.input.SecretId).toBe('dev/payments/db');
  });

  it.each([
    ['staging/payments/db', /names a secret of environment "staging", not of "dev"/],
    ['prod/payments/db', /names a secret of environment "prod"/],
    ['dev/payments/db', /already starts with the environment/],
    ['arn:aws:secretsmanager:eu-west-1:222222222222:secret:staging/payments/db-AbCdEf', /is not a catalog name \(an ARN/],
  ])('refuses %s before any call', async (name, message) => {
    await expect(f.secrets.get(name)).rejects.toThrow(ForeignSecretError);
    await expect(f.secrets.get(name)).rejects.toThrow(message);
    expect(f.sm.double.callCount()).toBe(0);
  });

  it('refuses names that are not catalog names (path tricks, characters, empty segments)', async () => {
    for (const name of ['../staging/x', 'a//b', 'a/./b', 'a b', '', 'x'.repeat(257)]) {
      await expect(f.secrets.get(name)).rejects.toBeInstanceOf(SecretsConfigError);
    }
    expect(f.sm.double.callCount()).toBe(0);
  });

  it('refuses an environment name that is not one', () => {
    expect(() => createSecrets({ environment: 'Prod' })).toThrow(/environment: "Prod" is not an environment name/);
  });
});

describe('masking and audit with a canary value', () => {
  let f: ClientFixture;
  beforeEach(() => {
    f = clientFixture();
    f.sm.double.seed({ name: 'dev/canary', secretString: CANARY });
    f.sm.double.seed({ name: 'dev/canary-json', secretString: JSON.stringify({ username: 'u', password: CANARY }) });
  });
  afterEach(() => f.sm.restore());

  it('prints [secret <name>] through String(), template literals, JSON.stringify, util.inspect and console.log', async () => {
    const value = await f.secrets.get('canary', { context: { requestId: 'r-1' } });
    const json = await f.secrets.json('canary-json');
    const field = await f.secrets.field('canary-json', 'password');
    const captured: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { captured.push(String(chunk)); done(); } });
    const console2 = new Console({ stdout: sink, stderr: sink });
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { captured.push(format(...args)); });
    try {
      for (const v of [value, json, field]) {
        captured.push(String(v), `${v}`, `x${v as unknown as string}y`, JSON.stringify(v), JSON.stringify({ nested: { v } }), inspect(v), inspect({ v }, { depth: 5, showHidden: true }), format('%s %o %O %j', v, v, v, v));
        console.log(v, { v });
        console2.log(v, { v });
        console2.error('%s', v);
        console2.dir(v, { showHidden: true });
        captured.push(Object.keys(v).join(','), JSON.stringify(Object.entries(v)), JSON.stringify({ ...v }));
        captured.push(String(structuredClone(v)));
      }
    } finally {
      spy.mockRestore();
    }

    const all = captured.join('\n');
    expect(all).not.toContain(CANARY);
    expect(all).toContain('[secret canary]');
    expect(all).toContain('[secret canary-json]');
    expect(all).toContain('[secret canary-json#password]');
    expect(value.reveal()).toBe(CANARY);
    expect(field.reveal()).toBe(CANARY);
  });

  it('an error naming a value refuses to carry it', async () => {
    await expect(f.secrets.json('canary')).rejects.toSatisfy((e: Error) => !`${e.message}${String(e.cause ?? '')}${inspect(e)}`.includes(CANARY));
  });

  it('tells the audit hook name, version, source, hit or miss and the caller context, never the value', async () => {
    await f.secrets.get('canary', { context: { requestId: 'r-1', caller: 'checkout' } });
    await f.secrets.get('canary', { context: { requestId: 'r-2' } });
    await f.secrets.field('canary-json', 'password');

    expect(f.events.map(({ name, source, hit, stale, context }) => ({ name, source, hit, stale, context }))).toEqual([
      { name: 'canary', source: 'secrets-manager', hit: false, stale: false, context: { requestId: 'r-1', caller: 'checkout' } },
      { name: 'canary', source: 'secrets-manager', hit: true, stale: false, context: { requestId: 'r-2' } },
      { name: 'canary-json', source: 'secrets-manager', hit: false, stale: false, context: undefined },
    ]);
    expect(f.events[0]!.versionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(f.events[0]!.secretId).toBe('dev/canary');
    expect(JSON.stringify(f.events) + inspect(f.events, { depth: 10, showHidden: true })).not.toContain(CANARY);
  });

  it('logs neither the value nor the cause\'s value when serving stale', async () => {
    await f.secrets.get('canary');
    f.sm.double.throttle({ everyNth: 1 });
    f.clock.advance(61_000);
    await f.secrets.get('canary');
    expect(f.warnings.map((w) => w.message)).toContain('serving the last good value of a secret because its refresh failed');
    expect(JSON.stringify(f.warnings)).not.toContain(CANARY);
  });

  it('a SecretValue made by hand masks too', () => {
    const v = new SecretValue('x', 'v1', CANARY);
    expect(`${v} ${JSON.stringify([v])} ${inspect(v)}`).toBe('[secret x] ["[secret x]"] [secret x]');
  });
});

describe('withSecret and afterAuthFailure', () => {
  let f: ClientFixture;
  let arn: string;
  const isAuthError = (e: unknown) => (e as { code?: string }).code === '28P01';
  const refused = () => Object.assign(new Error('password authentication failed'), { code: '28P01' });

  beforeEach(() => {
    f = clientFixture();
    arn = f.sm.double.seed({ name: 'dev/db', secretString: 'pw-1' });
  });
  afterEach(() => f.sm.restore());

  it('refreshes once and retries when fn fails with an authentication error', async () => {
    await f.secrets.get('db');
    await rotateValue(f.sm, arn, 'pw-2');
    const seen: string[] = [];
    const result = await f.secrets.withSecret('db', (v) => {
      seen.push(v.reveal());
      if (v.reveal() !== 'pw-2') throw refused();
      return 'ok';
    }, { isAuthError });
    expect(result).toBe('ok');
    expect(seen).toEqual(['pw-1', 'pw-2']);
  });

  it('tries AWSPENDING when AWSCURRENT has not moved yet (single-user rotation between setSecret and finishSecret)', async () => {
    const token = await rotateValue(f.sm, arn, 'pw-2', false);
    const seen: string[] = [];
    await f.secrets.withSecret('db', (v) => {
      seen.push(v.reveal());
      if (v.reveal() !== 'pw-2') throw refused();
    }, { isAuthError });
    expect(seen).toEqual(['pw-1', 'pw-2']);
    expect(f.sm.double.calls('GetSecretValue').map((c) => c.input.VersionStage)).toEqual([AWSCURRENT, AWSCURRENT, AWSPENDING]);
    await finishRotation(f.sm, arn, token);
  });

  it('retries only once, and passes other errors through at once', async () => {
    let attempts = 0;
    await expect(f.secrets.withSecret('db', () => { attempts += 1; throw refused(); }, { isAuthError })).rejects.toThrow('password authentication failed');
    expect(attempts).toBe(2);
    attempts = 0;
    await expect(f.secrets.withSecret('db', () => { attempts += 1; throw new Error('boom'); }, { isAuthError })).rejects.toThrow('boom');
    expect(attempts).toBe(1);
  });
});

describe('sources', () => {
  let f: ClientFixture;
  let dir: string;
  beforeEach(() => {
    f = clientFixture();
    dir = temporaryDirectory('warden-client-');
  });
  afterEach(() => {
    f.sm.restore();
  });

  it('refuses environment variables when the environment is production, by flag or by name', () => {
    expect(() => createSecrets({ environment: 'prod', sources: [{ kind: 'env' }] })).toThrow(/sources\[0\]: environment variables are refused in a production environment/);
    expect(() => createSecrets({ environment: 'eu', production: true, sources: [{ kind: 'env' }] })).toThrow(SecretsConfigError);
    expect(() => createSecrets({ environment: 'dev', sources: [{ kind: 'env', env: {} }] })).not.toThrow();
  });

  it('asks sources in order: Secrets Manager first, then files, then environment variables', async () => {
    f.sm.double.seed({ name: 'dev/a', secretString: 'from-sm' });
    mkdirSync(join(dir, 'dev', 'team'), { recursive: true });
    writeFileSync(join(dir, 'dev', 'a'), 'from-file\n');
    writeFileSync(join(dir, 'dev', 'team', 'b'), 'b-from-file\n');
    const secrets = f.make({ sources: [{ kind: 'secrets-manager', client: f.sm.client }, { kind: 'files', directory: dir }, { kind: 'env', env: { SECRET_TEAM_B: 'b-env', SECRET_TEAM_C: 'c-env' } }] });

    expect((await secrets.get('a')).reveal()).toBe('from-sm');
    expect((await secrets.get('team/b')).reveal()).toBe('b-from-file');
    expect((await secrets.get('team/c')).reveal()).toBe('c-env');
    expect(f.events.map((e) => e.source)).toEqual(['secrets-manager', 'files', 'env']);
  });

  it('does not fall through to a later source when an earlier one fails', async () => {
    f.sm.double.throttle({ everyNth: 1 });
    const secrets = f.make({ sources: [{ kind: 'secrets-manager', client: f.sm.client }, { kind: 'env', env: { SECRET_A: 'local' } }] });
    await expect(secrets.get('a')).rejects.toThrow(/ThrottlingException/);
  });

  it('sees a mounted file replaced (as the kubelet swaps it) at the next change check', async () => {
    writeFileSync(join(dir, 'token'), 'v1');
    const secrets = f.make({ sources: [{ kind: 'files', directory: dir, layout: 'flat' }] });
    expect((await secrets.get('token')).reveal()).toBe('v1');
    writeFileSync(join(dir, 'token.new'), 'v2-longer');
    renameSync(join(dir, 'token.new'), join(dir, 'token'));
    f.clock.advance(3_000);
    await secrets.get('token'); // starts the check (a stat) in the background
    await vi.waitFor(async () => expect((await secrets.get('token')).reveal()).toBe('v2-longer'), { timeout: 10_000, interval: 10 });
  });

  it('reads SSM SecureString parameters at /<env>/<name> with decryption, and refuses a plain String', async () => {
    const ssm = mockClient(SSMClient);
    try {
      ssm.on(GetParameterCommand, { Name: '/dev/app/key', WithDecryption: true }).resolves({ Parameter: { Name: '/dev/app/key', Type: 'SecureString', Value: 'ssm-value', Version: 3 } });
      ssm.on(GetParameterCommand, { Name: '/dev/app/plain', WithDecryption: true }).resolves({ Parameter: { Name: '/dev/app/plain', Type: 'String', Value: CANARY, Version: 1 } });
      const secrets = f.make({ sources: [{ kind: 'ssm', client: new SSMClient({ region: 'eu-west-1' }) }] });
      const value = await secrets.get('app/key');
      expect([value.reveal(), value.versionId]).toEqual(['ssm-value', '3']);
      const error = await secrets.get('app/plain').catch((e: Error) => e);
      expect(String(error)).toMatch(/is an SSM parameter of type String \(\/dev\/app\/plain\), not SecureString/);
      expect(inspect(error)).not.toContain(CANARY);
    } finally {
      ssm.restore();
    }
  });
});
