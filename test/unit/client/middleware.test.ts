import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsMiddleware, type SecretsContext } from '../../../client/middy';
import { clientFixture, rotateValue, type ClientFixture } from './support';

describe('secretsMiddleware', () => {
  let f: ClientFixture;
  let arn: string;
  beforeEach(() => {
    f = clientFixture();
    arn = f.sm.double.seed({ name: 'dev/payments/api-token', secretString: 'token-v1' });
    f.sm.double.seed({ name: 'dev/payments/db', secretString: '{"password":"pw"}' });
  });
  afterEach(() => f.sm.restore());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a middyfied handler of any context type
  const invoke = (handler: (event: unknown, context: any) => Promise<unknown>, requestId: string) =>
    handler({}, { awsRequestId: requestId, functionName: 'checkout' } as Context);

  it('puts masked values on the context before the handler, through the cache, and follows a rotation', async () => {
    const handler = middy(async (_event: unknown, context: SecretsContext<'token' | 'db'>) => ({ token: context.token.reveal(), printed: `${context.token}`, db: String(context.db) }))
      .use(secretsMiddleware({ secrets: f.secrets, load: { token: 'payments/api-token', db: 'payments/db' } }));

    expect(await invoke(handler, 'r1')).toEqual({ token: 'token-v1', printed: '[secret payments/api-token]', db: '[secret payments/db]' });
    expect(await invoke(handler, 'r2')).toMatchObject({ token: 'token-v1' });
    expect(f.sm.double.callCounts()).toEqual({ GetSecretValue: 2 });
    expect(f.events.filter((e) => e.name === 'payments/api-token').map((e) => [e.hit, e.context])).toEqual([
      [false, { awsRequestId: 'r1', functionName: 'checkout' }],
      [true, { awsRequestId: 'r2', functionName: 'checkout' }],
    ]);

    await rotateValue(f.sm, arn, 'token-v2');
    f.clock.advance(3_000);
    await invoke(handler, 'r3');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await invoke(handler, 'r4')).toMatchObject({ token: 'token-v2' });
  });

  it('refuses an empty load map at configuration time', () => {
    expect(() => secretsMiddleware({ secrets: f.secrets, load: {} })).toThrow(/load: names no secret/);
  });
});
