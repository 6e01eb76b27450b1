import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  RestoreSecretCommand,
  ResourceNotFoundException,
  RotateSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  type ListSecretsCommandInput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InjectedFailure, installSecretsManagerDouble, type InstalledSecretsManagerDouble, type SecretsManagerDouble } from '../../support/secrets-manager-double';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:rotate';

let installed: InstalledSecretsManagerDouble;
let sm: SecretsManagerClient;
let double: SecretsManagerDouble;

beforeEach(() => {
  installed = installSecretsManagerDouble({ now: () => new Date('2026-03-04T15:16:17Z') });
  sm = installed.client;
  double = installed.double;
});
afterEach(() => installed.restore());

async function create(name: string, value = '{"k":"v1"}', extra: Partial<ConstructorParameters<typeof CreateSecretCommand>[0]> = {}) {
  const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: value, ClientRequestToken: randomUUID(), ...extra }));
  return { arn: out.ARN!, versionId: out.VersionId! };
}

describe('secrets and identifiers', () => {
  it('creates a secret with an ARN of the documented shape and finds it by ARN, partial ARN or name', async () => {
    const { arn } = await create('dev/app/db', '{}', { Description: 'db creds', KmsKeyId: 'alias/k', Tags: [{ Key: 'warden:kind', Value: 'postgres' }] });

    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:dev\/app\/db-[A-Za-z0-9]{6}$/);
    for (const id of [arn, 'dev/app/db', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/app/db']) {
      const d = await sm.send(new DescribeSecretCommand({ SecretId: id }));
      expect(d).toMatchObject({ ARN: arn, Name: 'dev/app/db', Description: 'db creds', KmsKeyId: 'alias/k', Tags: [{ Key: 'warden:kind', Value: 'postgres' }] });
      expect(d.CreatedDate).toEqual(new Date('2026-03-04T15:16:17Z'));
    }
  });

  it('refuses a second secret with the same name', async () => {
    await create('a');

    await expect(create('a')).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('answers ResourceNotFoundException, shaped like the SDK error, for a missing secret', async () => {
    const error = await sm.send(new GetSecretValueCommand({ SecretId: 'nope' })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });
});

describe('GetSecretValue', () => {
  it('reads AWSCURRENT by default, by stage, by version id, and by version id with a matching stage', async () => {
    const { arn, versionId } = await create('s', 'one');
    const second = randomUUID();
    await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'two', ClientRequestToken: second }));

    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('two');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('one');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: versionId }))).SecretString).toBe('one');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: second, VersionStage: 'AWSCURRENT' }))).VersionStages).toEqual(['AWSCURRENT']);
  });

  it('fails with ResourceNotFoundException for a missing stage, a missing version, or a stage not on that version', async () => {
    const { arn, versionId } = await create('s');

    await expect(sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPENDING' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: randomUUID() }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: versionId, VersionStage: 'AWSPREVIOUS' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('records LastAccessedDate as a date without time', async () => {
    const { arn } = await create('s');

    await sm.send(new GetSecretValueCommand({ SecretId: arn }));

    expect((await sm.send(new DescribeSecretCommand({ SecretId: arn }))).LastAccessedDate).toEqual(new Date('2026-03-04T00:00:00Z'));
  });
});

describe('RotateSecret', () => {
  it('attaches AWSPENDING to a new version with no value, which GetSecretValue cannot read yet', async () => {
    const { arn, versionId } = await create('s');
    const token = randomUUID();

    const out = await sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token, RotationLambdaARN: LAMBDA, RotationRules: { AutomaticallyAfterDays: 30 } }));

    expect(out.VersionId).toBe(token);
    expect(double.stagesOf(arn)).toEqual({ [versionId]: ['AWSCURRENT'], [token]: ['AWSPENDING'] });
    await expect(sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPENDING' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(d).toMatchObject({ RotationEnabled: true, RotationLambdaARN: LAMBDA, RotationRules: { AutomaticallyAfterDays: 30 }, VersionIdsToStages: { [token]: ['AWSPENDING'] } });
  });

  it('refuses to start while AWSPENDING sits on a version that is not AWSCURRENT, and without a rotation function', async () => {
    const { arn } = await create('s');
    await expect(sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: randomUUID() }))).rejects.toBeInstanceOf(InvalidRequestException);
    await sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: randomUUID(), RotationLambdaARN: LAMBDA }));

    await expect(sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: randomUUID() }))).rejects.toBeInstanceOf(InvalidRequestException);
  });

  it('completing a rotation sets LastRotatedDate and NextRotationDate', async () => {
    const { arn, versionId } = await create('s');
    const token = randomUUID();
    await sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token, RotationLambdaARN: LAMBDA, RotationRules: { AutomaticallyAfterDays: 10 } }));
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'new', VersionStages: ['AWSPENDING'] }));

    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: versionId }));

    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(d.LastRotatedDate).toEqual(new Date('2026-03-04T15:16:17Z'));
    expect(d.NextRotationDate).toEqual(new Date('2026-03-14T15:16:17Z'));
  });
});

describe('PutSecretValue', () => {
  it('fills the value-less AWSPENDING version in place, passing a RotationToken', async () => {
    const { arn } = await create('s');
    const token = randomUUID();
    await sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token, RotationLambdaARN: LAMBDA }));

    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'pending', VersionStages: ['AWSPENDING'], RotationToken: 'rt' }));

    expect(double.valueAt(arn, 'AWSPENDING')).toBe('pending');
    expect(double.calls('PutSecretValue')[0]!.input).toMatchObject({ RotationToken: 'rt' });
  });

  it('is a no-op for the same token and value, and a ResourceExistsException for another value', async () => {
    const { arn } = await create('s');
    const token = randomUUID();
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'x', VersionStages: ['AWSPENDING'] }));
    const before = double.stagesOf(arn);

    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'x', VersionStages: ['AWSPENDING'] }));
    expect(double.stagesOf(arn)).toEqual(before);
    await expect(sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'y', VersionStages: ['AWSPENDING'] }))).rejects.toBeInstanceOf(ResourceExistsException);
    expect(double.valueAt(arn, { versionId: token })).toBe('x');
  });

  it('with existingVersionWrite overwrite (moto, LocalStack), replaces the value of an existing version, which keeps its labels', async () => {
    installed.restore();
    installed = installSecretsManagerDouble({ existingVersionWrite: 'overwrite' });
    const { arn } = await create('s');
    const token = randomUUID();
    await installed.client.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'x', VersionStages: ['AWSPENDING'] }));

    await installed.client.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'y', VersionStages: ['AWSPENDING'] }));

    expect(installed.double.valueAt(arn, { versionId: token })).toBe('y');
    expect(installed.double.valueAt(arn, 'AWSPENDING')).toBe('y');
  });

  it('defaults VersionStages to AWSCURRENT, leaving AWSPREVIOUS on the old current and moving labels off other versions', async () => {
    const { arn, versionId: v1 } = await create('s', 'one');
    const v2 = randomUUID();
    const v3 = randomUUID();
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: v2, SecretString: 'two' }));

    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: v3, SecretString: 'three' }));

    expect(double.stagesOf(arn)).toEqual({ [v1]: [], [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] });
  });

  it('rejects a ClientRequestToken shorter than the documented 32 characters', async () => {
    const { arn } = await create('s');

    await expect(sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: 'short', SecretString: 'x' }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('UpdateSecretVersionStage', () => {
  async function pendingSecret() {
    const { arn, versionId: current } = await create('s', 'old');
    const token = randomUUID();
    await sm.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token, RotationLambdaARN: LAMBDA }));
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'new', VersionStages: ['AWSPENDING'] }));
    return { arn, current, token };
  }

  it('needs RemoveFromVersionId to be the version that holds the label', async () => {
    const { arn, current, token } = await pendingSecret();

    await expect(sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: token }))).rejects.toBeInstanceOf(InvalidParameterException);
    expect(double.stagesOf(arn)).toEqual({ [current]: ['AWSCURRENT'], [token]: ['AWSPENDING'] });
  });

  it('moving AWSCURRENT leaves AWSPREVIOUS on the version it left; a label is removed with RemoveFromVersionId alone', async () => {
    const { arn, current, token } = await pendingSecret();

    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
    expect(double.stagesOf(arn)).toEqual({ [current]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT', 'AWSPENDING'] });
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSPENDING', RemoveFromVersionId: token }));

    expect(double.stagesOf(arn)).toEqual({ [current]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('new');
  });

  it('accepts moving a label to the version that already holds it (a replayed finishSecret)', async () => {
    const { arn, current, token } = await pendingSecret();
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));

    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token }));

    expect(double.versionAt(arn, 'AWSCURRENT')).toBe(token);
  });

  it('refuses to remove AWSCURRENT without moving it', async () => {
    const { arn, current } = await pendingSecret();

    await expect(sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', RemoveFromVersionId: current }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('ListSecrets', () => {
  beforeEach(async () => {
    await create('prod/app/db', '{}', { Description: 'Orders Database', Tags: [{ Key: 'warden:environment', Value: 'prod' }, { Key: 'team', Value: 'orders' }] });
    await create('prod/app/token', '{}', { Tags: [{ Key: 'warden:environment', Value: 'prod' }] });
    await create('dev/app/db', '{}', { Tags: [{ Key: 'warden:environment', Value: 'dev' }] });
  });

  const names = async (input: ListSecretsCommandInput) =>
    ((await sm.send(new ListSecretsCommand(input))).SecretList ?? []).map((s) => s.Name);

  it('filters by name prefix (case-sensitive), tag key, tag value, description (case-insensitive), with ! negation', async () => {
    expect(await names({ Filters: [{ Key: 'name', Values: ['prod/'] }] })).toEqual(['prod/app/db', 'prod/app/token']);
    expect(await names({ Filters: [{ Key: 'name', Values: ['PROD/'] }] })).toEqual([]);
    expect(await names({ Filters: [{ Key: 'name', Values: ['!prod/'] }] })).toEqual(['dev/app/db']);
    expect(await names({ Filters: [{ Key: 'tag-key', Values: ['team'] }] })).toEqual(['prod/app/db']);
    expect(await names({ Filters: [{ Key: 'tag-value', Values: ['de'] }] })).toEqual(['dev/app/db']);
    expect(await names({ Filters: [{ Key: 'description', Values: ['orders'] }] })).toEqual(['prod/app/db']);
    expect(await names({ Filters: [{ Key: 'tag-value', Values: ['prod'] }, { Key: 'name', Values: ['!prod/app/t'] }] })).toEqual(['prod/app/db']);
    expect(await names({ Filters: [{ Key: 'all', Values: ['ORDERS'] }] })).toEqual(['prod/app/db']);
  });

  it('pages with MaxResults and NextToken, rejects a foreign NextToken, sorts by CreatedDate in either order', async () => {
    const first = await sm.send(new ListSecretsCommand({ MaxResults: 2 }));
    const second = await sm.send(new ListSecretsCommand({ MaxResults: 2, NextToken: first.NextToken }));

    expect([...first.SecretList!, ...second.SecretList!].map((s) => s.Name)).toEqual(['prod/app/db', 'prod/app/token', 'dev/app/db']);
    expect(second.NextToken).toBeUndefined();
    await expect(sm.send(new ListSecretsCommand({ NextToken: 'garbage' }))).rejects.toBeInstanceOf(InvalidNextTokenException);
    await expect(sm.send(new ListSecretsCommand({ MaxResults: 101 }))).rejects.toBeInstanceOf(InvalidParameterException);
    expect(await names({ SortOrder: 'desc' })).toEqual(['dev/app/db', 'prod/app/token', 'prod/app/db']);
  });

  it('hides secrets scheduled for deletion unless IncludePlannedDeletion', async () => {
    const out = await sm.send(new DeleteSecretCommand({ SecretId: 'dev/app/db', RecoveryWindowInDays: 7 }));

    expect(out.DeletionDate).toEqual(new Date('2026-03-11T15:16:17Z'));
    expect(await names({})).toEqual(['prod/app/db', 'prod/app/token']);
    expect(await names({ IncludePlannedDeletion: true })).toContain('dev/app/db');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: 'dev/app/db' }))).DeletedDate).toEqual(new Date('2026-03-04T15:16:17Z'));
    await expect(sm.send(new GetSecretValueCommand({ SecretId: 'dev/app/db' }))).rejects.toBeInstanceOf(InvalidRequestException);
  });
});

describe('other operations', () => {
  it('tags, stores a resource policy, and lists version ids without deprecated versions', async () => {
    const { arn, versionId: v1 } = await create('s', 'one');
    await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'two', ClientRequestToken: randomUUID() }));
    await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'three', ClientRequestToken: randomUUID() }));

    await sm.send(new TagResourceCommand({ SecretId: arn, Tags: [{ Key: 'a', Value: '1' }] }));
    await sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' }));

    expect((await sm.send(new DescribeSecretCommand({ SecretId: arn }))).Tags).toEqual([{ Key: 'a', Value: '1' }]);
    expect((await sm.send(new GetResourcePolicyCommand({ SecretId: arn }))).ResourcePolicy).toContain('2012-10-17');
    const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: arn }));
    expect(listed.Versions!.map((v) => v.VersionId)).not.toContain(v1);
    expect((await sm.send(new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }))).Versions!.map((v) => v.VersionId)).toContain(v1);
  });

  it('seeds state directly for a given, with rotation fields and replication status', async () => {
    const arn = double.seed({
      name: 'seeded', secretString: 'v', tags: { owner: 'me' }, rotationEnabled: false, rotationLambdaArn: LAMBDA,
      lastAccessedDate: new Date('2025-01-02T10:00:00Z'), replicationStatus: [{ Region: 'eu-west-1', Status: 'InSync' }],
    });

    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));

    expect(d).toMatchObject({ RotationEnabled: false, RotationLambdaARN: LAMBDA, Tags: [{ Key: 'owner', Value: 'me' }], ReplicationStatus: [{ Region: 'eu-west-1' }] });
    expect(d.LastAccessedDate).toEqual(new Date('2025-01-02T00:00:00Z'));
    expect(double.callCount()).toBe(1);
  });
});

describe('life cycle', () => {
  it('CreateSecret replayed with the same token and value is idempotent; UpdateSecret writes a new AWSCURRENT', async () => {
    const token = randomUUID();
    const first = await sm.send(new CreateSecretCommand({ Name: 'idem', SecretString: 'v1', ClientRequestToken: token }));
    const again = await sm.send(new CreateSecretCommand({ Name: 'idem', SecretString: 'v1', ClientRequestToken: token }));

    await sm.send(new UpdateSecretCommand({ SecretId: 'idem', SecretString: 'v2', ClientRequestToken: randomUUID(), Description: 'updated' }));

    expect(again).toMatchObject({ ARN: first.ARN, VersionId: token });
    expect(double.valueAt('idem', 'AWSCURRENT')).toBe('v2');
    expect(double.valueAt('idem', 'AWSPREVIOUS')).toBe('v1');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: 'idem' }))).Description).toBe('updated');
  });

  it('RestoreSecret cancels a planned deletion; ForceDeleteWithoutRecovery removes the secret at once', async () => {
    const { arn } = await create('gone');
    await sm.send(new DeleteSecretCommand({ SecretId: arn }));
    await sm.send(new RestoreSecretCommand({ SecretId: arn }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: arn }))).DeletedDate).toBeUndefined();

    await sm.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }));

    await expect(sm.send(new DescribeSecretCommand({ SecretId: arn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sm.send(new DeleteSecretCommand({ SecretId: 'x', ForceDeleteWithoutRecovery: true, RecoveryWindowInDays: 7 }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('TagResource overwrites a key, UntagResource removes keys', async () => {
    const { arn } = await create('tagged', '{}', { Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });

    await sm.send(new TagResourceCommand({ SecretId: arn, Tags: [{ Key: 'a', Value: '9' }] }));
    await sm.send(new UntagResourceCommand({ SecretId: arn, TagKeys: ['b'] }));

    expect((await sm.send(new DescribeSecretCommand({ SecretId: arn }))).Tags).toEqual([{ Key: 'a', Value: '9' }]);
  });

  it('RotateSecret with RotateImmediately false only schedules, creating no version', async () => {
    const { arn, versionId } = await create('scheduled');

    const out = await sm.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: LAMBDA, RotationRules: { AutomaticallyAfterDays: 7 }, RotateImmediately: false }));

    expect(out.VersionId).toBeUndefined();
    expect(double.stagesOf(arn)).toEqual({ [versionId]: ['AWSCURRENT'] });
    expect((await sm.send(new DescribeSecretCommand({ SecretId: arn }))).NextRotationDate).toEqual(new Date('2026-03-11T15:16:17Z'));
  });
});

describe('unmodelled operations', () => {
  it('fail loudly instead of resolving undefined', async () => {
    await expect(sm.send(new GetRandomPasswordCommand({ PasswordLength: 20 }))).rejects.toThrow(/not modelled/);
  });
});

describe('test hooks', () => {
  it('logs every call with its input and outcome', async () => {
    const { arn } = await create('s');
    await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPENDING' })).catch(() => undefined);

    expect(double.calls().map((c) => [c.operation, c.outcome])).toEqual([['CreateSecret', 'ok'], ['GetSecretValue', 'ResourceNotFoundException']]);
    expect(double.callCounts()).toEqual({ CreateSecret: 1, GetSecretValue: 1 });
  });

  it('failNext fails once before the effect by default', async () => {
    const { arn } = await create('s', 'one');
    double.failNext('PutSecretValue');

    await expect(sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'two', ClientRequestToken: randomUUID() }))).rejects.toBeInstanceOf(InjectedFailure);
    expect(double.valueAt(arn, 'AWSCURRENT')).toBe('one');
    await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'two', ClientRequestToken: randomUUID() }));
    expect(double.valueAt(arn, 'AWSCURRENT')).toBe('two');
  });

  it('failNext with afterEffect applies the call, then throws (the Lambda died after the request succeeded)', async () => {
    const { arn } = await create('s', 'one');
    double.failNext((call) => call.operation === 'PutSecretValue' && call.input.SecretString === 'two', new InjectedFailure('crash'), { afterEffect: true });

    await expect(sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'two', ClientRequestToken: randomUUID() }))).rejects.toThrow('crash');

    expect(double.valueAt(arn, 'AWSCURRENT')).toBe('two');
    expect(double.calls('PutSecretValue')[0]).toMatchObject({ applied: true, outcome: 'InjectedFailure' });
  });

  it('throttles every Nth call with a ThrottlingException before any effect', async () => {
    const { arn } = await create('s');
    double.throttle({ everyNth: 2, operations: ['GetSecretValue'] });

    const outcomes = [];
    for (let i = 0; i < 4; i += 1) {
      outcomes.push(await sm.send(new GetSecretValueCommand({ SecretId: arn })).then(() => 'ok', (e: Error) => e.name));
    }

    expect(outcomes).toEqual(['ok', 'ThrottlingException', 'ok', 'ThrottlingException']);
    double.stopThrottling();
    await expect(sm.send(new GetSecretValueCommand({ SecretId: arn }))).resolves.toBeDefined();
  });

  it('throttles at a rate with an injected random source', async () => {
    const { arn } = await create('s');
    const draws = [0.1, 0.9, 0.4];
    double.throttle({ rate: 0.5, random: () => draws.shift() ?? 1 });

    const outcomes = [];
    for (let i = 0; i < 3; i += 1) outcomes.push(await sm.send(new DescribeSecretCommand({ SecretId: arn })).then(() => 'ok', (e: Error) => e.name));

    expect(outcomes).toEqual(['ThrottlingException', 'ok', 'ThrottlingException']);
  });
});
