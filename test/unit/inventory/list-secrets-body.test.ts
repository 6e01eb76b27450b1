// The lighter reading of a ListSecrets answer (lambdas/inventory/adapters/list-secrets-body.ts)
// gives the inventory's adapter exactly what the SDK's own deserializer gives, and leaves every
// answer it does not recognise, and every error, to the SDK.
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { readListSecretsBody, readListSecretsLightly } from '../../../lambdas/inventory/adapters/list-secrets-body';
import { secretsManagerSource } from '../../../lambdas/inventory/adapters/secrets-manager';

const ENTRY = {
  ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/app/db-AbCdEf',
  Name: 'prod/app/db',
  KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234',
  RotationEnabled: true,
  RotationLambdaARN: 'arn:aws:lambda:eu-west-1:111111111111:function:rotate',
  RotationRules: { AutomaticallyAfterDays: 30, ScheduleExpression: 'rate(30 days)' },
  LastRotatedDate: 1.764633600123e9,
  LastChangedDate: 1764633600,
  LastAccessedDate: 1764547200,
  NextRotationDate: '1767225600',
  CreatedDate: 1.7e9,
  DeletedDate: null,
  Tags: [{ Key: 'warden:owner', Value: 'team-a' }, { Key: 'warden:environment', Value: 'prod' }],
  SecretVersionsToStages: { 'v-1': ['AWSCURRENT'], 'v-0': ['AWSPREVIOUS'] },
  OwningService: 'rds',
  PrimaryRegion: 'eu-west-1',
};

/** A client whose HTTP handler answers every request with this status and body (no network). */
function clientAnswering(statusCode: number, body: string, headers: Record<string, string> = {}): { client: SecretsManagerClient; requests: () => number } {
  let requests = 0;
  const client = new SecretsManagerClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => {
        requests += 1;
        return { response: { statusCode, headers: { 'content-type': 'application/x-amz-json-1.1', ...headers }, body: Buffer.from(body) } };
      },
    },
  });
  return { client, requests: () => requests };
}

describe('readListSecretsBody', () => {
  it('turns the epoch-second dates (numbers or numbers in strings) into Dates, drops null members and keeps the token', () => {
    const page = readListSecretsBody(JSON.stringify({ SecretList: [ENTRY], NextToken: 'next' }))!;
    const entry = page.SecretList![0]!;
    expect(entry.LastRotatedDate).toEqual(new Date(1764633600123));
    expect(entry.NextRotationDate).toEqual(new Date(1767225600000));
    expect(entry.CreatedDate).toEqual(new Date(1.7e12));
    expect('DeletedDate' in entry).toBe(false);
    expect(page.NextToken).toBe('next');
    expect(readListSecretsBody('{}')).toEqual({ SecretList: [] });
  });

  it('declines what it does not recognise, so the SDK reads it', () => {
    for (const body of ['', 'not json', '[]', 'null', '{"SecretList":{}}', '{"NextToken":3}', '{"SecretList":[1]}', `{"SecretList":[{"Name":"a","CreatedDate":"2026-12-02T00:00:00Z"}]}`, '{"SecretList":[{"Name":"a","CreatedDate":true}]}']) {
      expect(readListSecretsBody(body), body).toBeUndefined();
    }
  });
});

describe('the inventory adapter with the lighter reading', () => {
  it('lists the same page as the SDK deserializer does', async () => {
    const body = JSON.stringify({ SecretList: [ENTRY, { ...ENTRY, Name: 'prod/app/other', DeletedDate: 1764633600, Tags: [] }], NextToken: 'tok' });
    const { client } = clientAnswering(200, body);
    const sdk = await client.send(new ListSecretsCommand({}));
    const light = readListSecretsBody(body)!;
    expect(light.SecretList).toEqual(sdk.SecretList);
    expect(light.NextToken).toBe(sdk.NextToken);
    // The command's own output holds the page, as it did with the SDK's deserializer (a wrapper of send() sees it).
    const command = new ListSecretsCommand({});
    readListSecretsLightly(command);
    const output = await client.send(command);
    expect(output.SecretList).toEqual(sdk.SecretList);
    expect(output.NextToken).toBe('tok');
    expect(output.$metadata.httpStatusCode).toBe(200);
    const page = await secretsManagerSource(client).listPage(null, null, null);
    expect(page.nextToken).toBe('tok');
    expect(page.secrets.map((s) => [s.name, s.lastRotated, s.nextRotation, s.deleted, s.created, s.rotationIntervalDays, s.tags])).toEqual([
      ['prod/app/db', '2025-12-02T00:00:00.123Z', '2026-01-01T00:00:00.000Z', null, '2023-11-14T22:13:20.000Z', 30, { 'warden:owner': 'team-a', 'warden:environment': 'prod' }],
      ['prod/app/other', '2025-12-02T00:00:00.123Z', '2026-01-01T00:00:00.000Z', '2025-12-02T00:00:00.000Z', '2023-11-14T22:13:20.000Z', 30, {}],
    ]);
  });

  it('reads a moto answer (every absent member null, NextToken null, whole-second dates) as the SDK does', async () => {
    // As moto's ListSecrets answered in the compatibility run (docs/architecture.md, "Compatibility").
    const moto = { ARN: ENTRY.ARN, Name: ENTRY.Name, LastChangedDate: 1796194532, LastAccessedDate: null, NextRotationDate: null, DeletedDate: null, CreatedDate: 1796194532, KmsKeyId: null, Tags: [{ Key: 'env', Value: 'prod' }], SecretVersionsToStages: { 'v-1': ['AWSCURRENT'] } };
    const body = JSON.stringify({ SecretList: [moto], NextToken: null });
    const { client } = clientAnswering(200, body, { 'content-type': 'text/html; charset=utf-8' });
    const sdk = await client.send(new ListSecretsCommand({}));
    const command = new ListSecretsCommand({});
    readListSecretsLightly(command);
    const light = await client.send(command);
    expect(light.SecretList).toEqual(sdk.SecretList);
    expect(light.SecretList![0]).not.toHaveProperty('KmsKeyId');
    expect(light).not.toHaveProperty('NextToken');
    expect(sdk.NextToken).toBeUndefined();
  });

  it('reads the answer itself (a member the SDK model does not know stays, where the SDK drops it)', async () => {
    const { client } = clientAnswering(200, JSON.stringify({ SecretList: [{ ...ENTRY, NotInTheModel: 1 }] }));
    const command = new ListSecretsCommand({});
    readListSecretsLightly(command);
    expect((await client.send(command)).SecretList![0]).toHaveProperty('NotInTheModel', 1);
    expect((await client.send(new ListSecretsCommand({}))).SecretList![0]).not.toHaveProperty('NotInTheModel');
  });

  it('leaves a body it does not recognise to the SDK, as it came: the SDK then answers as ever (here its error for a date that is not epoch seconds)', async () => {
    const { client } = clientAnswering(200, JSON.stringify({ SecretList: [{ Name: 'a', ARN: 'arn:a', CreatedDate: '2026-12-02T00:00:00Z' }] }));
    await expect(secretsManagerSource(client).listPage(null, null, null)).rejects.toThrow(/Expected real number/);
  });

  it('leaves error answers to the SDK: typed errors, throttling still recognised', async () => {
    const throttled = clientAnswering(400, JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }), { 'x-amzn-errortype': 'ThrottlingException' });
    await expect(secretsManagerSource(throttled.client).listPage(null, null, null)).rejects.toMatchObject({ name: 'ThrottledError' });
    const denied = clientAnswering(400, JSON.stringify({ __type: 'AccessDeniedException', message: 'not allowed' }));
    await expect(secretsManagerSource(denied.client).listPage(null, null, null)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
