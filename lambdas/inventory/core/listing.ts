// Every secret of the account, as fast as ListSecrets allows.
//
// ListSecrets returns at most 100 secrets per page and each page needs the previous page's
// NextToken, so one listing costs (secrets / 100) round trips in a row. The `name` filter is a
// case-sensitive prefix match (API reference, Filter), so listings filtered by different prefixes
// of equal length are disjoint and can run at the same time:
//
// - Start with one listing per character a secret name may begin with (ASCII letters, digits and
//   /_+=.@-, the only characters Secrets Manager accepts in a name). Every name starts with one of
//   them, so the union of these listings is the whole account.
// - A listing whose first page is full (it has a NextToken) is split while few listings are
//   pending: it is replaced by one listing per prefix P+c for every allowed c, plus a DescribeSecret
//   of the name P itself (the only name that starts with P and with no P+c). This keeps names that
//   share a long prefix (`prod/...`) from being read one page after another.
// - Secrets from the abandoned first page come again from the children; they, and anything
//   ListSecrets' eventual consistency repeats, are dropped by ARN.
//
// The cap on pending listings bounds the extra calls: an account of evenly spread names never
// splits (69 listings already keep every worker busy), a skewed one splits only where it is deep.

import type { SecretListing, SecretPage, SecretsSource } from './ports';

export const NAME_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+=.@-';

export interface ListingOptions {
  /** Listings in flight at once. */
  readonly parallelism: number;
  /** Split a full first page only while fewer listings than this are queued. */
  readonly splitWhilePendingBelow?: number;
  /** Longest prefix used (Filter values may be 512 characters; names 512). */
  readonly maxPrefixLength?: number;
  /** `false` lists without filters, one page after another (the baseline). */
  readonly partitioned?: boolean;
}

export interface ListingStatistics {
  listSecretsCalls: number;
  describeCalls: number;
  partitions: number;
  duplicates: number;
}

type Task = { kind: 'list'; prefix: string | null; token: string | null } | { kind: 'exact'; name: string };

/**
 * Streams every secret exactly once, page by page, to `onPage`; resolves when all listings are
 * done. `onPage` runs inside the listing worker, so slow per-secret work holds listing back
 * (memory stays bounded by parallelism × page size).
 */
export async function listAllSecrets(
  source: SecretsSource,
  options: ListingOptions,
  onPage: (secrets: readonly SecretListing[]) => Promise<void>,
  withRetry: <T>(call: () => Promise<T>) => Promise<T> = (call) => call(),
): Promise<ListingStatistics> {
  const stats: ListingStatistics = { listSecretsCalls: 0, describeCalls: 0, partitions: 0, duplicates: 0 };
  const seen = new Set<string>();
  const maxPrefix = options.maxPrefixLength ?? 64;
  const splitBelow = options.splitWhilePendingBelow ?? Math.max(2 * NAME_CHARACTERS.length, 8 * options.parallelism);
  const queue: Task[] =
    options.partitioned === false
      ? [{ kind: 'list', prefix: null, token: null }]
      : [...NAME_CHARACTERS].map((c) => ({ kind: 'list' as const, prefix: c, token: null }));
  stats.partitions = queue.length;

  const deliver = async (secrets: readonly SecretListing[]): Promise<void> => {
    const fresh = secrets.filter((s) => {
      if (seen.has(s.arn)) {
        stats.duplicates += 1;
        return false;
      }
      seen.add(s.arn);
      return true;
    });
    if (fresh.length > 0) await onPage(fresh);
  };

  const step = async (task: Task): Promise<void> => {
    if (task.kind === 'exact') {
      stats.describeCalls += 1;
      const secret = await withRetry(() => source.describeByName(task.name));
      if (secret && secret.name === task.name) await deliver([secret]);
      return;
    }
    stats.listSecretsCalls += 1;
    const page: SecretPage = await withRetry(() => source.listPage(task.prefix, task.token));
    const prefix = task.prefix;
    const split =
      prefix !== null && task.token === null && page.nextToken !== null && prefix.length < maxPrefix && queue.length < splitBelow;
    if (split) {
      for (const c of NAME_CHARACTERS) queue.push({ kind: 'list', prefix: prefix + c, token: null });
      queue.push({ kind: 'exact', name: prefix });
      stats.partitions += NAME_CHARACTERS.length - 1;
      // The page's secrets come again from the children; delivering them now keeps the stream moving.
      await deliver(page.secrets);
      return;
    }
    if (page.nextToken !== null) queue.push({ kind: 'list', prefix, token: page.nextToken });
    await deliver(page.secrets);
  };

  let running = 0;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      if (failure !== undefined) {
        if (running === 0) resolve();
        return;
      }
      while (running < options.parallelism && queue.length > 0) {
        // Depth first (LIFO) keeps a listing's next page ahead of new partitions: fewer open listings.
        const task = queue.pop()!;
        running += 1;
        step(task).then(
          () => {
            running -= 1;
            pump();
          },
          (error: unknown) => {
            running -= 1;
            failure ??= error;
            pump();
          },
        );
      }
      if (running === 0 && queue.length === 0) resolve();
    };
    pump();
  });
  if (failure !== undefined) throw failure;
  return stats;
}
