// The SecretsStore port over the Secrets Manager SDK client: one command per port call, nothing
// cached across invocations (another rotation step may run in another Lambda instance).
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { WardenError } from '../shared/errors';
import type { SecretDescription, SecretsStore, SecretVersion } from './core/ports';

/** A Secrets Manager call failed; names the operation and the secret. SDK messages carry no secret value. */
export class SecretsManagerError extends WardenError {
  constructor(readonly operation: string, readonly secretId: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Secrets Manager ${operation} on ${secretId} failed: ${detail}`, { cause });
  }
}

export function secretsManagerStore(client: SecretsManagerClient): SecretsStore {
  return {
    async describe(secretId): Promise<SecretDescription> {
      const out = await client.send(new DescribeSecretCommand({ SecretId: secretId })).catch((cause: unknown) => {
        throw new SecretsManagerError('DescribeSecret', secretId, cause);
      });
      return {
        arn: out.ARN ?? secretId,
        name: out.Name ?? secretId,
        rotationEnabled: out.RotationEnabled === true,
        tags: Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
        versions: out.VersionIdsToStages ?? {},
      };
    },

    async getValue(secretId, selector): Promise<SecretVersion | undefined> {
      const input = 'versionId' in selector
        ? { SecretId: secretId, VersionId: selector.versionId, VersionStage: selector.stage }
        : { SecretId: secretId, VersionStage: selector.stage };
      try {
        const out = await client.send(new GetSecretValueCommand(input));
        if (out.SecretString === undefined) {
          throw new WardenError(`secret ${secretId} holds SecretBinary; rotation needs a SecretString (JSON)`);
        }
        return { versionId: out.VersionId ?? '', stages: out.VersionStages ?? [], secretString: out.SecretString };
      } catch (cause) {
        // Absent stage or version, and a version RotateSecret created without a value yet.
        if (cause instanceof ResourceNotFoundException) return undefined;
        if (cause instanceof WardenError) throw cause;
        throw new SecretsManagerError('GetSecretValue', secretId, cause);
      }
    },

    async putPending(secretId, token, secretString, rotationToken) {
      try {
        await client.send(new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: token,
          SecretString: secretString,
          VersionStages: ['AWSPENDING'],
          ...(rotationToken === undefined ? {} : { RotationToken: rotationToken }),
        }));
        return 'created';
      } catch (cause) {
        // The version already holds another value: a retried createSecret must not replace it.
        if (cause instanceof ResourceExistsException) return 'existed';
        throw new SecretsManagerError('PutSecretValue', secretId, cause);
      }
    },

    async moveStage(secretId, stage, toVersionId, fromVersionId) {
      await client.send(new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: stage,
        ...(toVersionId === undefined ? {} : { MoveToVersionId: toVersionId }),
        ...(fromVersionId === undefined ? {} : { RemoveFromVersionId: fromVersionId }),
      })).catch((cause: unknown) => {
        throw new SecretsManagerError('UpdateSecretVersionStage', secretId, cause);
      });
    },
  };
}
