// Every secret of the account, as fast as ListSecrets allows.
//
// ListSecrets returns at most 100 secrets per page and each page needs the previous page's
// NextToken, so one listing costs (secrets / 100) round trips in a row. Two API facts let
// several listings run at once without missing or double-counting a secret:
//
// - The `name` filter is a case-sensitive prefix match (API reference, Filter). Every name starts
//   with one of the 69 characters Secrets Manager accepts in a name (ASCII letters, digits,
//   /_+=.@-), so one listing per first character covers the account, and these listings are
//   disjoint.
// - `SortBy: name` with `SortOrder: asc` or `desc` walks one partition from both ends. Names are
//   unique, so the order is strict: once one end returns a secret the other end already returned,
//   the ascending walk has covered everything up to that point and the descending one everything
//   after it, and the partition is complete. The proof uses only the service's own order (no
//   assumption about its collation); at most one page per end is read twice.
// - The proof needs the service to honour SortBy and SortOrder, and a compatible server may not
//   (moto's ListSecrets ignores both and answers in creation order: the two ends then read the
//   same first page and would "meet" at once, leaving the rest of the partition unread). Where
//   the order is honoured, the two walks of a partition of two or more secrets start at its two
//   ends, which differ; so when they meet having started at the same secret, the order was not
//   honoured: the descending walk stops and the ascending one reads the partition to its last
//   page (plain pagination, complete under any order). Counted in `unorderedPartitions`.
//
// A first unfiltered page answers small accounts in one call. Duplicates (the overlap where the
// two ends meet, anything eventual consistency repeats) are dropped by ARN.
//
// Time is then bounded by the largest partition read from two ends, or by the ListSecrets quota
// (100 requests per second: 10,000 secrets per second), whichever is slower.

import type { SecretListing, SecretsSource } from '../ports';

export const NAME_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+=.@-';

export interface ListingOptions {
  /** Listings in flight at once. */
  readonly parallelism: number;
  /** `false` lists without filters, one page after another (the baseline). */
  readonly partitioned?: boolean;
}

interface ListingStatistics {
  listSecretsCalls: number;
  partitions: number;
  duplicates: number;
  /** Partitions whose two walks showed the service ignoring SortBy/SortOrder (read by one walk to the end instead). */
  unorderedPartitions: number;
}

type Direction = 'asc' | 'desc';
interface Partition {
  readonly prefix: string | null;
  done: boolean;
  /** The ARN each walk's first page started with. */
  readonly first: Partial<Record<Direction, string>>;
  /** A page of this partition held two or more secrets. */
  several: boolean;
  /** The service ignored the order here: only the ascending walk goes on, to the last page. */
  unordered: boolean;
}
interface Task {
  readonly partition: Partition;
  readonly direction: Direction | null;
  readonly token: string | null;
}

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
  const stats: ListingStatistics = { listSecretsCalls: 0, partitions: 1, duplicates: 0, unorderedPartitions: 0 };
  /** ARN -> the walk that returned it first (null for the unfiltered first page). */
  const seen = new Map<string, Direction | null>();

  const deliver = async (secrets: readonly SecretListing[], partition: Partition, direction: Direction | null): Promise<void> => {
    if (direction !== null && secrets.length > 0) partition.first[direction] ??= secrets[0]!.arn;
    if (secrets.length > 1) partition.several = true;
    const fresh: SecretListing[] = [];
    for (const secret of secrets) {
      const by = seen.get(secret.arn);
      if (by === undefined) {
        seen.set(secret.arn, direction);
        fresh.push(secret);
        continue;
      }
      stats.duplicates += 1;
      // The other end of this partition already returned it: the two walks have met, unless they
      // started at the same secret (the service ignored the order; see the top of this file).
      // (A partition of one secret starts both walks at it, and both have read it all.)
      if (direction !== null && by !== null && by !== direction && !partition.unordered) {
        if (partition.first.asc !== partition.first.desc || !partition.several) partition.done = true;
        else {
          partition.unordered = true;
          stats.unorderedPartitions += 1;
        }
      }
    }
    if (fresh.length > 0) await onPage(fresh);
  };

  // One unfiltered page first: an account of at most 100 secrets needs nothing else.
  stats.listSecretsCalls += 1;
  const whole: Partition = { prefix: null, done: false, first: {}, several: false, unordered: false };
  const first = await withRetry(() => source.listPage(null, null, null));
  await deliver(first.secrets, whole, null);
  if (first.nextToken === null) return stats;

  const queue: Task[] = [];
  if (options.partitioned === false) {
    queue.push({ partition: whole, direction: null, token: first.nextToken });
  } else {
    for (const c of NAME_CHARACTERS) {
      const partition: Partition = { prefix: c, done: false, first: {}, several: false, unordered: false };
      queue.push({ partition, direction: 'asc', token: null }, { partition, direction: 'desc', token: null });
    }
    stats.partitions = NAME_CHARACTERS.length;
  }

  const step = async (task: Task): Promise<void> => {
    if (task.partition.done || (task.partition.unordered && task.direction === 'desc')) return;
    stats.listSecretsCalls += 1;
    const page = await withRetry(() => source.listPage(task.partition.prefix, task.token, task.direction));
    await deliver(page.secrets, task.partition, task.direction);
    if (page.nextToken === null) task.partition.done = true;
    else if (!task.partition.done) queue.push({ ...task, token: page.nextToken });
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
        // Oldest first: every partition advances, so the largest ones are not left to the end.
        const task = queue.shift()!;
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
