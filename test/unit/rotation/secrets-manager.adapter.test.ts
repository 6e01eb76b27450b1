import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretsStore } from '../../../lambdas/rotation/core/ports';
import { SecretsManagerError, secretsManagerStore } from '../../../lambdas/rotation/secrets-manager';
import { installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { startRotation } from './helpers';

let sm: InstalledSecretsManagerDouble;
let store: SecretsStore;
let arn: string;

beforeEach(() => {
  sm = installSecretsManagerDouble();
  store = secretsManagerStore(sm.client);
  arn = sm.double.seed({ name: 'dev/x', secretString: '{"token":"abc"}', tags: { 'warden:kind': 'random' }, rotationEnabled: false });
});
afterEach(() => sm.restore());

describe('secretsManagerStore', () => {
  it('describe maps ARN, rotation flag, tags by key and versions to stages', async () => {
    const event = await startRotation(sm.client, 'dev/x');

    const description = await store.describe('dev/x');

    expect(description).toEqual({
      arn,
      name: 'dev/x',
      rotationEnabled: true,
      tags: { 'warden:kind': 'random' },
      versions: { [sm.double.versionAt(arn, 'AWSCURRENT')!]: ['AWSCURRENT'], [event('createSecret').ClientRequestToken]: ['AWSPENDING'] },
    });
  });

  it('getValue answers undefined for a missing stage and for the value-less version RotateSecret created', async () => {
    const event = await startRotation(sm.client, arn);
    const token = event('createSecret').ClientRequestToken;

    expect(await store.getValue(arn, { stage: 'AWSPREVIOUS' })).toBeUndefined();
    expect(await store.getValue(arn, { versionId: token, stage: 'AWSPENDING' })).toBeUndefined();
    expect(await store.getValue(arn, { stage: 'AWSCURRENT' })).toMatchObject({ secretString: '{"token":"abc"}', stages: ['AWSCURRENT'] });
  });

  it('putPending stores under the token with AWSPENDING, and reports an already-filled version', async () => {
    const event = await startRotation(sm.client, arn);
    const token = event('createSecret').ClientRequestToken;

    expect(await store.putPending(arn, token, '{"token":"new"}')).toBe('created');
    expect(await store.putPending(arn, token, '{"token":"other"}')).toBe('existed');
    expect(sm.double.valueAt(arn, 'AWSPENDING')).toBe('{"token":"new"}');
  });

  it('moveStage sends MoveToVersionId and RemoveFromVersionId only when given', async () => {
    const event = await startRotation(sm.client, arn);
    const token = event('createSecret').ClientRequestToken;
    await store.putPending(arn, token, '{"token":"new"}');
    const current = sm.double.versionAt(arn, 'AWSCURRENT')!;

    await store.moveStage(arn, 'AWSCURRENT', token, current);
    await store.moveStage(arn, 'AWSPENDING', undefined, token);

    expect(sm.double.calls('UpdateSecretVersionStage').map((c) => c.input)).toEqual([
      { SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current },
      { SecretId: arn, VersionStage: 'AWSPENDING', RemoveFromVersionId: token },
    ]);
  });

  it('names the operation and the secret when a call fails, keeping the SDK error as cause', async () => {
    sm.double.throttle({ everyNth: 1 });

    const error = await store.describe(arn).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SecretsManagerError);
    expect((error as Error).message).toBe(`Secrets Manager DescribeSecret on ${arn} failed: ThrottlingException: Rate exceeded`);
    expect(((error as Error).cause as Error).name).toBe('ThrottlingException');
  });

  it('refuses a binary secret with a message that says why', async () => {
    const binary = randomUUID();
    await sm.double.handle('CreateSecret', { Name: 'bin', SecretBinary: new Uint8Array([1, 2, 3]), ClientRequestToken: binary });

    await expect(store.getValue('bin', { stage: 'AWSCURRENT' })).rejects.toThrow(/holds SecretBinary; rotation needs a SecretString/);
  });
});
