// The HTTP double speaks the wire protocols the real SDK clients use: the same clients the CLI
// builds reach it through AWS_ENDPOINT_URL-style endpoints, and get the SDK's own error classes.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trailRecord } from '../../support/compliance-doubles';
import { throttlingException } from '../../support/secrets-manager-double';
import { startAwsHttpDouble, type AwsHttpDouble } from '../../support/secrets-manager-http';

let server: AwsHttpDouble;
const config = (key = 'AKIAOK') => ({ region: 'eu-west-1', endpoint: server.url, credentials: { accessKeyId: key, secretAccessKey: 'x' } });

beforeAll(async () => {
  server = await startAwsHttpDouble({ account: '111111111111' });
  server.setCaller('AKIAEXPIRED', { expired: true });
  server.setCaller('AKIADENIED', { denied: ['secretsmanager:GetSecretValue'] });
  server.setCaller('AKIAOTHER', { account: '999999999999' });
});
afterAll(() => server.stop());

describe('secrets-manager-http', () => {
  it('serves the in-process double over AWS JSON 1.1, errors as the SDK classes', async () => {
    const sm = new SecretsManagerClient(config());
    await sm.send(new CreateSecretCommand({ Name: 'dev/app/token', SecretString: '{"token":"abc"}' }));
    const value = await sm.send(new GetSecretValueCommand({ SecretId: 'dev/app/token' }));
    expect(value.SecretString).toBe('{"token":"abc"}');
    expect(value.CreatedDate).toBeInstanceOf(Date);
    expect(value.VersionStages).toEqual(['AWSCURRENT']);
    const list = await sm.send(new ListSecretsCommand({}));
    expect(list.SecretList?.map((s) => s.Name)).toEqual(['dev/app/token']);
    await expect(sm.send(new GetSecretValueCommand({ SecretId: 'dev/none' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(server.double.callCount('GetSecretValue')).toBe(2);
  });

  it('retries throttling through the SDK and answers callers by access key', async () => {
    const sm = new SecretsManagerClient(config());
    server.double.failNext('ListSecrets', throttlingException());
    await expect(sm.send(new ListSecretsCommand({}))).resolves.toBeDefined();
    expect(server.double.calls('ListSecrets').map((c) => c.outcome)).toEqual(['ok', 'ThrottlingException', 'ok']);
    await expect(new SecretsManagerClient(config('AKIAEXPIRED')).send(new ListSecretsCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    await expect(new SecretsManagerClient(config('AKIADENIED')).send(new GetSecretValueCommand({ SecretId: 'dev/app/token' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('secretsmanager:GetSecretValue'),
    });
    expect((await new STSClient(config('AKIAOTHER')).send(new GetCallerIdentityCommand({}))).Account).toBe('999999999999');
    await expect(new STSClient(config('AKIAEXPIRED')).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
  });

  it('serves CloudTrail LookupEvents, FilterLogEvents and Lambda Invoke', async () => {
    server.trail.addEvent(trailRecord({ eventName: 'RotateSecret', time: new Date(Date.now() - 60_000), secretId: 'dev/app/token' }));
    server.trail.addEvent(trailRecord({ eventName: 'RotateSecret', time: new Date(Date.now() - 60_000), secretId: 'dev/other' }));
    const trail = await new CloudTrailClient(config()).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'dev/app/token' }] }));
    expect(trail.Events?.map((e) => e.EventName)).toEqual(['RotateSecret']);
    server.appendLog('/aws/lambda/rotate', { timestamp: Date.now(), message: JSON.stringify({ step: 'createSecret', clientRequestToken: 't-1' }) });
    server.appendLog('/aws/lambda/rotate', { timestamp: Date.now(), message: JSON.stringify({ step: 'createSecret', clientRequestToken: 't-2' }) });
    const logs = await new CloudWatchLogsClient(config()).send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/rotate', filterPattern: '{ $.clientRequestToken = "t-2" }' }));
    expect(logs.events?.map((e) => JSON.parse(e.message!).clientRequestToken)).toEqual(['t-2']);
    server.invoke = async (name, payload) => ({ name, echo: payload });
    const out = await new LambdaClient(config()).send(new InvokeCommand({ FunctionName: 'warden-rotate', Payload: Buffer.from('{"a":1}') }));
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toEqual({ name: 'warden-rotate', echo: { a: 1 } });
    server.invoke = async () => {
      throw new Error('refused');
    };
    const failed = await new LambdaClient(config()).send(new InvokeCommand({ FunctionName: 'warden-rotate', Payload: Buffer.from('{}') }));
    expect(failed.FunctionError).toBe('Unhandled');
  });

  it('serves S3 GetObject / ListObjectsV2 (path-style) and CloudFormation DescribeStacks to the SDK clients', async () => {
    server.putObject('reports', 'inventory/latest.json', '{"a":1}', 'application/json');
    for (let i = 0; i < 3; i += 1) server.putObject('reports', `inventory/2026-12-0${i + 1}T00:00:00Z.json`, `{"i":${i}}`);
    const s3 = new S3Client({ ...config(), forcePathStyle: true });
    const object = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'inventory/latest.json' }));
    expect(await object.Body!.transformToString()).toBe('{"a":1}');
    await expect(s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'inventory/none.json' }))).rejects.toBeInstanceOf(NoSuchKey);
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'inventory/2', MaxKeys: 2 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(['inventory/2026-12-01T00:00:00Z.json', 'inventory/2026-12-02T00:00:00Z.json']);
    const second = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'inventory/2', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }));
    expect(second.Contents?.map((c) => c.Key)).toEqual(['inventory/2026-12-03T00:00:00Z.json']);
    expect(second.IsTruncated).toBe(false);
    server.stacks.set('SecretsWarden-dev', { status: 'UPDATE_COMPLETE', outputs: { ReportBucketName: 'reports' } });
    const stacks = await new CloudFormationClient(config()).send(new DescribeStacksCommand({ StackName: 'SecretsWarden-dev' }));
    expect(stacks.Stacks?.[0]?.Outputs).toEqual([{ OutputKey: 'ReportBucketName', OutputValue: 'reports' }]);
    await expect(new CloudFormationClient(config()).send(new DescribeStacksCommand({ StackName: 'SecretsWarden-prod' }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
