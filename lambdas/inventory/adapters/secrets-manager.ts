// SecretsSource over @aws-sdk/client-secrets-manager. Only metadata calls: the inventory never
// reads a secret value (its role has no GetSecretValue).

import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  ListSecretsCommand,
  type DescribeSecretResponse,
  type SecretListEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretListing, SecretsSource } from '../ports';
import { readListSecretsLightly } from './list-secrets-body';
import { throttleAware } from './throttling';

/** ListSecrets returns at most 100 secrets per page (MaxResults 1-100). */
const LIST_PAGE_SIZE = 100;

const iso = (date: Date | undefined): string | null => (date ? date.toISOString() : null);

/** `rate(10 days)` / `rate(12 hours)` -> days; a cron schedule has no fixed interval here. */
function intervalFromRules(rules: SecretListEntry['RotationRules']): number | null {
  if (!rules) return null;
  if (rules.AutomaticallyAfterDays != null) return rules.AutomaticallyAfterDays;
  const match = /^rate\((\d+) (day|days|hour|hours)\)$/.exec(rules.ScheduleExpression?.trim() ?? '');
  if (!match) return null;
  const amount = Number(match[1]);
  return match[2]!.startsWith('day') ? amount : amount / 24;
}

function toListing(entry: SecretListEntry | DescribeSecretResponse): SecretListing {
  return {
    arn: entry.ARN ?? '',
    name: entry.Name ?? '',
    kmsKeyId: entry.KmsKeyId ?? null,
    rotationEnabled: entry.RotationEnabled === true,
    rotationLambdaArn: entry.RotationLambdaARN ?? null,
    rotationIntervalDays: intervalFromRules(entry.RotationRules),
    lastRotated: iso(entry.LastRotatedDate),
    lastChanged: iso(entry.LastChangedDate),
    lastAccessed: iso(entry.LastAccessedDate),
    nextRotation: iso(entry.NextRotationDate),
    deleted: iso(entry.DeletedDate),
    created: iso(entry.CreatedDate),
    tags: Object.fromEntries((entry.Tags ?? []).filter((t) => t.Key != null).map((t) => [t.Key!, t.Value ?? ''])),
    primaryRegion: entry.PrimaryRegion ?? null,
    owningService: entry.OwningService ?? null,
  };
}

export function secretsManagerSource(client: SecretsManagerClient): SecretsSource {
  return {
    async listPage(namePrefix, nextToken, nameOrder) {
      const command = new ListSecretsCommand({
        // Secrets scheduled for deletion are still in the account (and still readable by their policy).
        IncludePlannedDeletion: true,
        MaxResults: LIST_PAGE_SIZE,
        NextToken: nextToken ?? undefined,
        Filters: namePrefix ? [{ Key: 'name', Values: [namePrefix] }] : undefined,
        ...(nameOrder ? { SortBy: 'name' as const, SortOrder: nameOrder } : {}),
      });
      readListSecretsLightly(command);
      const out = await throttleAware('ListSecrets', namePrefix ?? 'all secrets', () => client.send(command));
      return { secrets: (out.SecretList ?? []).map(toListing), nextToken: out.NextToken ?? null };
    },
    async getResourcePolicy(arn) {
      const out = await throttleAware('GetResourcePolicy', arn, () => client.send(new GetResourcePolicyCommand({ SecretId: arn })));
      return out.ResourcePolicy ?? null;
    },
    async getReplicas(arn) {
      const out = await throttleAware('DescribeSecret', arn, () => client.send(new DescribeSecretCommand({ SecretId: arn })));
      return (out.ReplicationStatus ?? []).map((r) => ({ region: r.Region ?? 'unknown', status: r.Status ?? 'unknown' }));
    },
  };
}
