// The STS account check (cli/aws.ts checkAccount) with its cache of verified
// (access key id -> account) answers: a hit skips STS, the comparison with the catalog runs on
// every call, a refusal is never replayed as a pass, and anything doubtful asks STS again.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAccount, type ClientConfig } from '../../../cli/aws';
import { CliCache } from '../../../cli/cache';
import { CliError, EXIT } from '../../../cli/errors';
import type { Environment } from '../../../lib/catalog/types';
import { temporaryDirectory } from '../../support/temporary-directory';

const T0 = Date.UTC(2026, 11, 2, 3, 0, 0);
const MINUTE = 60 * 1000;
const sts = mockClient(STSClient);

const environment = (account: string) => ({ name: 'prod', account }) as Environment;

function setup(identity: AwsCredentialIdentity = { accessKeyId: 'AKIAUNITTEST00000001', secretAccessKey: 'not-a-secret' }) {
  const dir = join(temporaryDirectory('warden-account-'), 'secrets-warden');
  const clock = { now: T0 };
  const cache = new CliCache(dir, () => clock.now);
  const config: ClientConfig = { region: 'eu-west-1', maxAttempts: 1, credentials: async () => identity };
  const check = (account: string, live = false) => checkAccount(config, environment(account), { cache, live, now: () => clock.now });
  return { dir, clock, cache, config, check };
}

function answers(account: string) {
  sts.on(GetCallerIdentityCommand).resolves({ Account: account, Arn: `arn:aws:iam::${account}:user/operator`, UserId: 'AIDAUNIT' });
}

async function refusal(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

beforeEach(() => sts.reset());
afterEach(() => sts.reset());
// The suite's in-process files share a worker (isolate: false): give STSClient back unmocked.
afterAll(() => sts.restore());

describe('checkAccount with the cache', () => {
  it('asks STS on a miss, then answers from the cache without calling STS', async () => {
    const { check, dir } = setup();
    answers('111111111111');
    expect(await check('111111111111')).toEqual({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/operator' });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    expect(await check('111111111111')).toEqual({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/operator' });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    // One 0600 file, whose name and content do not carry the access key id.
    const files = readdirSync(join(dir, 'identity'));
    expect(files).toHaveLength(1);
    const file = join(dir, 'identity', files[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(`${files[0]}${readFileSync(file, 'utf8')}`).not.toContain('AKIAUNITTEST00000001');
  });

  it('refuses a cached account that is not the environment\'s, naming both, without asking STS again', async () => {
    const { check } = setup();
    answers('999999999999');
    const first = await refusal(check('111111111111'));
    expect(first.exitCode).toBe(EXIT.safety);
    expect(first.message).toMatch(/account 999999999999, but environment prod is account 111111111111/);
    // STS's answer is cached (a fact about the key), the verdict is not: the refusal holds.
    const second = await refusal(check('111111111111'));
    expect(second.message).toMatch(/account 999999999999, but environment prod is account 111111111111/);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    // The same cached answer passes the environment that is that account.
    expect((await check('999999999999')).account).toBe('999999999999');
  });

  it('refuses on a hit when the catalog\'s account changed since the answer was cached', async () => {
    const { check } = setup();
    answers('111111111111');
    await check('111111111111');
    const error = await refusal(check('222222222222'));
    expect(error.message).toMatch(/account 111111111111, but environment prod is account 222222222222/);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  it('asks STS again when the cache file is corrupt, and rewrites it', async () => {
    const { check, dir } = setup();
    answers('111111111111');
    await check('111111111111');
    const file = join(dir, 'identity', readdirSync(join(dir, 'identity'))[0]!);
    writeFileSync(file, '{"key": "broken');
    expect((await check('111111111111')).account).toBe('111111111111');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ value: { account: '111111111111' } });
    // A cached account that is not an account id is not trusted either.
    const envelope = JSON.parse(readFileSync(file, 'utf8')) as { value: { account: string } };
    envelope.value.account = '';
    writeFileSync(file, JSON.stringify(envelope));
    await check('111111111111');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(3);
  });

  it('asks STS on every call with live (commands that change something), refreshing the entry', async () => {
    const { check } = setup();
    answers('111111111111');
    await check('111111111111', true);
    await check('111111111111', true);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
    await check('111111111111');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  it('does not cache a failed STS call', async () => {
    const { check, dir } = setup();
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken', $metadata: {} }));
    const error = await refusal(check('111111111111'));
    expect(error.exitCode).toBe(EXIT.aws);
    expect(error.message).toMatch(/credentials expired/);
    expect(() => readdirSync(join(dir, 'identity'))).toThrow();
  });

  it('keeps an answer for temporary credentials no longer than they live, and at most an hour', async () => {
    const short = setup({ accessKeyId: 'ASIAUNITTEST00000001', secretAccessKey: 'x', sessionToken: 't', expiration: new Date(T0 + 20 * MINUTE) });
    answers('111111111111');
    await short.check('111111111111');
    short.clock.now = T0 + 19 * MINUTE;
    await short.check('111111111111');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    short.clock.now = T0 + 20 * MINUTE;
    await short.check('111111111111');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);

    sts.reset();
    answers('111111111111');
    const long = setup({ accessKeyId: 'ASIAUNITTEST00000002', secretAccessKey: 'x', sessionToken: 't', expiration: new Date(T0 + 12 * 60 * MINUTE) });
    await long.check('111111111111');
    long.clock.now = T0 + 61 * MINUTE;
    await long.check('111111111111');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  it('asks STS every time without a cache', async () => {
    const { config } = setup();
    answers('111111111111');
    await checkAccount(config, environment('111111111111'));
    await checkAccount(config, environment('111111111111'));
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  it('keys answers by access key id and endpoint: another key or another endpoint asks STS', async () => {
    const a = setup({ accessKeyId: 'AKIAUNITTEST00000001', secretAccessKey: 'x' });
    answers('111111111111');
    await a.check('111111111111');
    const b = new CliCache(a.dir, () => T0);
    const other = { ...a.config, credentials: async () => ({ accessKeyId: 'AKIAUNITTEST00000002', secretAccessKey: 'x' }) };
    await checkAccount(other, environment('111111111111'), { cache: b, now: () => T0 });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    try {
      await a.check('111111111111');
      expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(3);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
