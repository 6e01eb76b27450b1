// The CLI's cache on disk (cli/cache.ts): what it trusts (its own 0600 files, the right key,
// not expired) and what it ignores (anything else), and where it lives.
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CliCache, userCache } from '../../../cli/cache';
import { temporaryDirectory } from '../../support/temporary-directory';

const HOUR = 3600 * 1000;
const T0 = Date.UTC(2026, 11, 2, 3, 0, 0);

function cacheAt(now = T0): { cache: CliCache; dir: string; clock: { now: number } } {
  const dir = join(temporaryDirectory('warden-cache-'), 'secrets-warden');
  const clock = { now };
  return { cache: new CliCache(dir, () => clock.now), dir, clock };
}

describe('CliCache', () => {
  it('gives back what it stored under the same key until it expires, from a 0600 file in a 0700 directory', () => {
    const { cache, dir, clock } = cacheAt();
    expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
    expect(cache.write('identity', 'n', 'k', { account: '111111111111' }, T0 + HOUR / 2)).toBe(true);
    expect(cache.read('identity', 'n', 'k', HOUR)).toEqual({ account: '111111111111' });
    expect(statSync(cache.fileOf('identity', 'n')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'identity')).mode & 0o777).toBe(0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // The file name is a hash: it does not say what it is for. No temporary file is left.
    expect(readdirSync(join(dir, 'identity'))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    expect(readFileSync(cache.fileOf('identity', 'n'), 'utf8')).not.toContain('"k"');
    clock.now = T0 + HOUR / 2;
    expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
  });

  it('misses on another key, and on an entry living longer than the reader allows', () => {
    const { cache } = cacheAt();
    cache.write('catalog', 'n', 'k1', [1], T0 + 10 * HOUR);
    expect(cache.read('catalog', 'n', 'k2', 20 * HOUR)).toBeUndefined();
    expect(cache.read('catalog', 'n', 'k1', HOUR)).toBeUndefined();
    expect(cache.read('catalog', 'n', 'k1', 20 * HOUR)).toEqual([1]);
  });

  it('ignores a corrupt file and a file others may have written, and overwrites them', () => {
    const { cache } = cacheAt();
    cache.write('identity', 'n', 'k', { a: 1 }, T0 + HOUR);
    const file = cache.fileOf('identity', 'n');
    for (const junk of ['', '{"key":', 'null', '[]', '{"key":"x","expires":"soon","value":1}', '\u0000\u0001binary']) {
      writeFileSync(file, junk);
      expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
    }
    cache.write('identity', 'n', 'k', { a: 2 }, T0 + HOUR);
    expect(cache.read('identity', 'n', 'k', HOUR)).toEqual({ a: 2 });
    chmodSync(file, 0o644);
    expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
    chmodSync(file, 0o600);
    expect(cache.read('identity', 'n', 'k', HOUR)).toEqual({ a: 2 });
  });

  it('neither reads nor writes through a directory others may enter or that is a symbolic link', () => {
    const { cache, dir } = cacheAt();
    cache.write('identity', 'n', 'k', { a: 1 }, T0 + HOUR);
    expect(cache.read('identity', 'n', 'k', HOUR)).toEqual({ a: 1 });
    // The cache directory opened to others (an XDG_CACHE_HOME somewhere shared, say).
    chmodSync(dir, 0o755);
    expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
    expect(cache.write('identity', 'n', 'k', { a: 2 }, T0 + HOUR)).toBe(false);
    chmodSync(dir, 0o700);
    expect(cache.read('identity', 'n', 'k', HOUR)).toEqual({ a: 1 });
    chmodSync(join(dir, 'identity'), 0o770);
    expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
    chmodSync(join(dir, 'identity'), 0o700);
    // The kind's directory replaced by a link to a directory elsewhere (with a valid entry in it).
    const elsewhere = join(temporaryDirectory('warden-cache-'), 'identity');
    renameSync(join(dir, 'identity'), elsewhere);
    symlinkSync(elsewhere, join(dir, 'identity'));
    expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
    expect(cache.write('identity', 'm', 'k', { a: 3 }, T0 + HOUR)).toBe(false);
    expect(readdirSync(elsewhere)).toHaveLength(1);
  });

  it('makes its directories private when it creates them', () => {
    const parent = temporaryDirectory('warden-cache-');
    mkdirSync(join(parent, 'shared'), { mode: 0o777 });
    const cache = new CliCache(join(parent, 'shared', 'secrets-warden'), () => T0);
    expect(cache.write('identity', 'n', 'k', 1, T0 + HOUR)).toBe(true);
    expect(cache.read('identity', 'n', 'k', HOUR)).toBe(1);
  });

  it('stores only values JSON gives back exactly', () => {
    const { cache } = cacheAt();
    expect(cache.write('catalog', 'n', 'k', { a: 1, b: undefined }, T0 + HOUR)).toBe(false);
    expect(cache.write('catalog', 'n', 'k', { at: new Date(T0) }, T0 + HOUR)).toBe(false);
    expect(cache.read('catalog', 'n', 'k', HOUR)).toBeUndefined();
  });

  it('only costs speed when it cannot write', () => {
    const file = join(temporaryDirectory('warden-cache-'), 'a-file');
    writeFileSync(file, '');
    const cache = new CliCache(join(file, 'secrets-warden'), () => T0);
    expect(cache.write('identity', 'n', 'k', 1, T0 + HOUR)).toBe(false);
    expect(cache.read('identity', 'n', 'k', HOUR)).toBeUndefined();
  });
});

describe('CliCache bytes (the code cache, cli/launcher.ts)', () => {
  const BYTES = Buffer.from([0, 1, 2, 250, 251, 10, 13, 0xff]);

  it('gives back the bytes stored under the same key, from a 0600 file, and replaces them', () => {
    const { cache } = cacheAt();
    expect(cache.readBytes('code', 'list.cjs', 'k')).toBeUndefined();
    expect(cache.writeBytes('code', 'list.cjs', 'k', BYTES)).toBe(true);
    expect(cache.readBytes('code', 'list.cjs', 'k')).toEqual(BYTES);
    expect(statSync(cache.fileOf('code', 'list.cjs', '.bin')).mode & 0o777).toBe(0o600);
    expect(cache.readBytes('code', 'list.cjs', 'other key')).toBeUndefined();
    expect(cache.writeBytes('code', 'list.cjs', 'k2', Buffer.from('new'))).toBe(true);
    expect(cache.readBytes('code', 'list.cjs', 'k')).toBeUndefined();
    expect(cache.readBytes('code', 'list.cjs', 'k2')).toEqual(Buffer.from('new'));
  });

  it('misses on bytes that are not those written (damaged, truncated, extended) and on a file others may have written', () => {
    const { cache } = cacheAt();
    cache.writeBytes('code', 'n', 'k', BYTES);
    const file = cache.fileOf('code', 'n', '.bin');
    const good = readFileSync(file);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 3] ^= 0x01;
    for (const junk of [damaged, good.subarray(0, good.length - 1), Buffer.concat([good, Buffer.from([0])]), good.subarray(0, 64), Buffer.alloc(0)]) {
      writeFileSync(file, junk);
      expect(cache.readBytes('code', 'n', 'k')).toBeUndefined();
    }
    writeFileSync(file, good);
    expect(cache.readBytes('code', 'n', 'k')).toEqual(BYTES);
    chmodSync(file, 0o644);
    expect(cache.readBytes('code', 'n', 'k')).toBeUndefined();
  });

  it('only costs speed when it cannot write', () => {
    const file = join(temporaryDirectory('warden-cache-'), 'a-file');
    writeFileSync(file, '');
    const cache = new CliCache(join(file, 'secrets-warden'), () => T0);
    expect(cache.writeBytes('code', 'n', 'k', BYTES)).toBe(false);
    expect(cache.readBytes('code', 'n', 'k')).toBeUndefined();
  });
});

describe('anyCacheMissed', () => {
  it('says whether a read of this process found nothing usable (the launcher then stores no compiled code)', async () => {
    vi.resetModules();
    const fresh = await import('../../../cli/cache');
    const { dir } = cacheAt();
    const cache = new fresh.CliCache(dir, () => T0);
    cache.write('catalog', 'n', 'k', [1], T0 + HOUR);
    expect(cache.read('catalog', 'n', 'k', 2 * HOUR)).toEqual([1]);
    expect(fresh.anyCacheMissed()).toBe(false);
    // Bytes (the code cache itself) do not count: the launcher knows about those.
    expect(cache.readBytes('code', 'n', 'k')).toBeUndefined();
    expect(fresh.anyCacheMissed()).toBe(false);
    expect(cache.read('catalog', 'n', 'other key', 2 * HOUR)).toBeUndefined();
    expect(fresh.anyCacheMissed()).toBe(true);
  });
});

describe('userCache', () => {
  it('lives in $XDG_CACHE_HOME/secrets-warden, else ~/.cache/secrets-warden', () => {
    expect(userCache(true, { XDG_CACHE_HOME: '/var/cache/me' })?.dir).toBe('/var/cache/me/secrets-warden');
    // A relative XDG_CACHE_HOME is invalid (XDG Base Directory specification): ignored.
    expect(userCache(true, { XDG_CACHE_HOME: 'relative' })?.dir).toBe(join(homedir(), '.cache', 'secrets-warden'));
    expect(userCache(true, {})?.dir).toBe(join(homedir(), '.cache', 'secrets-warden'));
  });

  it('is off with --no-cache or WARDEN_NO_CACHE', () => {
    expect(userCache(false, {})).toBeUndefined();
    expect(userCache(true, { WARDEN_NO_CACHE: '1' })).toBeUndefined();
    expect(userCache(true, { WARDEN_NO_CACHE: 'yes' })).toBeUndefined();
    expect(userCache(true, { WARDEN_NO_CACHE: '0' })).toBeDefined();
    expect(userCache(true, { WARDEN_NO_CACHE: '' })).toBeDefined();
  });

  it('is off when there is no absolute home (HOME empty), never relative to the working directory', () => {
    vi.stubEnv('HOME', '');
    try {
      expect(userCache(true, {})).toBeUndefined();
      expect(userCache(true, { XDG_CACHE_HOME: '/var/cache/me' })?.dir).toBe('/var/cache/me/secrets-warden');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
