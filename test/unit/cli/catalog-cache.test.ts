// The CLI's catalog cache (cli/catalog-cache.ts, through loadCliCatalog): a text this build
// validated comes back exactly as the loader resolves it; a changed file, another build's code
// or a file with errors goes through the loader, which reports the errors as without a cache.
import { copyFileSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliCache } from '../../../cli/cache';
import { cachedCatalog, storeCatalog } from '../../../cli/catalog-cache';
import { loadCliCatalog } from '../../../cli/context';
import { CliError, EXIT } from '../../../cli/errors';
import { loadCatalog } from '../../../lib/catalog/loader';
import { catalogViews } from '../../../lib/catalog/resolved';
import { temporaryDirectory } from '../../support/temporary-directory';

const CODE = 'unit-test-build';
const VALID = ['config/secrets.yaml', 'test/fixtures/catalogs/minimal.yaml'];

function workspace() {
  const root = temporaryDirectory('warden-catalog-cache-');
  const cache = new CliCache(join(root, 'cache', 'secrets-warden'));
  const catalog = join(root, 'secrets.yaml');
  copyFileSync('config/secrets.yaml', catalog);
  return { root, cache, catalog };
}

const cacheFiles = (cache: CliCache) => {
  try {
    return readdirSync(join(cache.dir, 'catalog'));
  } catch {
    return [];
  }
};

describe('catalog cache', () => {
  it.each(VALID)('gives back %s exactly as the loader resolves it', (path) => {
    const { cache } = workspace();
    const text = readFileSync(path, 'utf8');
    const parsed = loadCatalog(path);
    expect(storeCatalog(cache, path, text, CODE, parsed)).toBe(true);
    const cached = cachedCatalog(cache, path, text, CODE)!;
    expect(cached.environments).toStrictEqual(parsed.environments);
    expect(catalogViews(cached)).toStrictEqual(catalogViews(parsed));
    expect(() => cached.forEnvironment('nope')).toThrow(/nope/);
  });

  it('stores a valid catalog on the first load (0600) and serves it on the next without the loader', async () => {
    const { cache, catalog } = workspace();
    const first = await loadCliCatalog(catalog, cache, CODE);
    const files = cacheFiles(cache);
    expect(files).toHaveLength(1);
    const file = join(cache.dir, 'catalog', files[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Mark the cached copy: what comes back next is the cached copy, not a fresh parse.
    const envelope = JSON.parse(readFileSync(file, 'utf8')) as { value: { environment: { name: string }; secrets: { owner: string }[] }[] };
    envelope.value[0]!.secrets[0]!.owner = 'from-the-cache';
    writeFileSync(file, JSON.stringify(envelope));
    const second = await loadCliCatalog(catalog, cache, CODE);
    const env = first.environments[0]!.name;
    expect(second.forEnvironment(env).secrets[0]!.owner).toBe('from-the-cache');
    // Another build's code does not read it.
    const other = await loadCliCatalog(catalog, cache, 'another-build');
    expect(other.forEnvironment(env).secrets[0]!.owner).toBe(first.forEnvironment(env).secrets[0]!.owner);
  });

  it('keeps one entry per build: two builds sharing the cache directory do not overwrite each other', async () => {
    const { cache, catalog } = workspace();
    const text = readFileSync(catalog, 'utf8');
    await loadCliCatalog(catalog, cache, CODE);
    await loadCliCatalog(catalog, cache, 'another-build');
    expect(cacheFiles(cache)).toHaveLength(2);
    expect(cachedCatalog(cache, catalog, text, CODE)).toBeDefined();
    expect(cachedCatalog(cache, catalog, text, 'another-build')).toBeDefined();
  });

  it('removes, when it stores, the entries not rewritten for 30 days (an older build\'s), and keeps the others', async () => {
    const { cache, catalog } = workspace();
    const file = (name: string) => join(cache.dir, 'catalog', name);
    const age = (name: string, days: number) => utimesSync(file(name), new Date(Date.now() - days * 86_400_000), new Date(Date.now() - days * 86_400_000));
    await loadCliCatalog(catalog, cache, 'old-build');
    const [old] = cacheFiles(cache);
    await loadCliCatalog(catalog, cache, 'recent-build');
    const [recent] = cacheFiles(cache).filter((f) => f !== old);
    age(old!, 31);
    age(recent!, 29);
    await loadCliCatalog(catalog, cache, CODE);
    const files = cacheFiles(cache);
    expect(files).toHaveLength(2);
    expect(files).toContain(recent);
    expect(files).not.toContain(old);
  });

  it('parses a changed file afresh, and reports its errors the same way as without a cache', async () => {
    const { cache, catalog } = workspace();
    await loadCliCatalog(catalog, cache, CODE);
    writeFileSync(catalog, readFileSync('test/fixtures/catalogs/bad/many-problems.yaml', 'utf8'));
    const withCache = await loadCliCatalog(catalog, cache, CODE).then(() => undefined, (e: unknown) => e);
    const without = await loadCliCatalog(catalog).then(() => undefined, (e: unknown) => e);
    expect(withCache).toBeInstanceOf(CliError);
    expect((withCache as CliError).exitCode).toBe(EXIT.usage);
    expect((withCache as CliError).message).toBe((without as CliError).message);
    expect((withCache as CliError).message).toMatch(/secrets\.yaml:4 environments\.dev\.regoin/);
    // Still only the valid catalog's entry: a catalog with errors is never stored.
    expect(cacheFiles(cache)).toHaveLength(1);
  });

  it('reports a missing file as the loader does', async () => {
    const { cache, root } = workspace();
    const error = await loadCliCatalog(join(root, 'absent.yaml'), cache, CODE).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/cannot read the catalog file \(ENOENT\)/);
  });

  it('ignores a corrupt entry and replaces it', async () => {
    const { cache, catalog } = workspace();
    const parsed = await loadCliCatalog(catalog, cache, CODE);
    const file = join(cache.dir, 'catalog', cacheFiles(cache)[0]!);
    writeFileSync(file, '{"key":"x","expires":1e99,"value":[{"environment":');
    expect(catalogViews(await loadCliCatalog(catalog, cache, CODE))).toStrictEqual(catalogViews(parsed));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('value');
  });

  it('is not used without a build code (running from source) or without a cache', async () => {
    const { cache, catalog } = workspace();
    await loadCliCatalog(catalog, cache, undefined);
    await loadCliCatalog(catalog);
    expect(cacheFiles(cache)).toEqual([]);
  });
});
