import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerSource } from '../../../lambdas/inventory/adapters/secrets-manager';
import { listAllSecrets, NAME_CHARACTERS } from '../../../lambdas/inventory/scan/listing';
import { installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';

let sm: InstalledSecretsManagerDouble;

beforeEach(() => {
  sm = installSecretsManagerDouble();
});
afterEach(() => sm.restore());

async function listNames(options: Parameters<typeof listAllSecrets>[1]) {
  const names: string[] = [];
  const stats = await listAllSecrets(secretsManagerSource(sm.client), options, async (page) => {
    names.push(...page.map((s) => s.name));
  });
  return { names, stats };
}

describe('partitioned listing', () => {
  it('returns every secret exactly once, whatever its first character, including names that prefix others', async () => {
    const expected: string[] = [];
    // Every allowed first character, upper and lower case apart (the name filter is case-sensitive).
    for (const c of NAME_CHARACTERS) expected.push(`${c}secret`);
    // A pile of names under one prefix, plus names equal to the prefixes a split creates.
    for (let i = 0; i < 450; i += 1) expected.push(`prod/app-${i}`);
    expected.push('p', 'pr', 'prod', 'prod/', 'P', 'Prod');
    for (const name of expected) sm.double.seed({ name });

    const { names, stats } = await listNames({ parallelism: 6 });

    expect(names.sort()).toEqual([...expected].sort());
    expect(stats.partitions).toBe(NAME_CHARACTERS.length);
    // A partition of one secret starts both walks at it: not taken for an ignored order.
    expect(stats.unorderedPartitions).toBe(0);
  });

  it('reads a large partition from both ends and stops where they meet', async () => {
    for (let i = 0; i < 1000; i += 1) sm.double.seed({ name: `prod/app-${String(i).padStart(4, '0')}` });

    const { names, stats } = await listNames({ parallelism: 4 });

    expect(new Set(names).size).toBe(1000);
    const byOrder = (order: string) => sm.double.calls('ListSecrets').filter((c) => c.input.SortOrder === order && JSON.stringify(c.input.Filters).includes('"p"')).length;
    // 1000 secrets are 10 pages: each end reads about half, plus at most one page of overlap.
    expect(byOrder('asc')).toBeLessThanOrEqual(6);
    expect(byOrder('desc')).toBeLessThanOrEqual(6);
    expect(stats.duplicates).toBeLessThanOrEqual(200 + 100);
    expect(stats.unorderedPartitions).toBe(0);
  });

  it('reads every secret from a server that ignores SortBy and SortOrder (moto), one walk per partition to its end', async () => {
    sm.restore();
    sm = installSecretsManagerDouble({ listSort: 'ignore' });
    // Creation order is the only order: the two ends of a partition read the same first page.
    const expected = ['dev/payments/db-app', 'dev/orders/signing-key', 'legacy/plain'];
    for (let i = 0; i < 260; i += 1) expected.push(`dev/bulk/s${String(i).padStart(3, '0')}`);
    expected.push('d', 'x-one');
    for (const name of expected) sm.double.seed({ name });

    const { names, stats } = await listNames({ parallelism: 4 });

    expect(names.sort()).toEqual([...expected].sort());
    expect(new Set(names).size).toBe(names.length);
    // Only the partition of two or more pages showed the ignored order; `x` (one secret) did not.
    expect(stats.unorderedPartitions).toBe(1);
  });

  it('answers a small account with one call', async () => {
    for (let i = 0; i < 40; i += 1) sm.double.seed({ name: `s${i}` });

    const { names, stats } = await listNames({ parallelism: 8 });

    expect(names).toHaveLength(40);
    expect(stats.listSecretsCalls).toBe(1);
  });

  it('includes secrets scheduled for deletion', async () => {
    sm.double.seed({ name: 'alive' });
    sm.double.seed({ name: 'dying', deletedDate: new Date() });

    const { names } = await listNames({ parallelism: 2 });

    expect(names.sort()).toEqual(['alive', 'dying']);
  });

  it('lists the same set as one unfiltered listing, in fewer sequential rounds', async () => {
    for (let i = 0; i < 1200; i += 1) sm.double.seed({ name: `${NAME_CHARACTERS[i % 62]}${i}` });

    const partitioned = await listNames({ parallelism: 8 });
    const serial = await listNames({ parallelism: 1, partitioned: false });

    expect(partitioned.names.sort()).toEqual(serial.names.sort());
    expect(serial.stats.listSecretsCalls).toBe(12);
    expect(partitioned.stats.listSecretsCalls).toBeLessThan(2 * NAME_CHARACTERS.length + 24);
  });

  it('fails the listing when a page cannot be read (completeness cannot be claimed)', async () => {
    for (let i = 0; i < 150; i += 1) sm.double.seed({ name: `a${i}` });
    sm.double.clearCalls();
    sm.double.failNext('ListSecrets', Object.assign(new Error('Internal'), { name: 'InternalServiceError' }));

    await expect(listNames({ parallelism: 2 })).rejects.toThrow('Internal');
  });
});
