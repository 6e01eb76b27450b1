// The CLI's code cache (cli/launcher.ts): V8 bytecode of a command's bundle kept in the user's
// cache, keyed by the bundle's text and the runtime. Every load runs in a fresh Node process
// (the built dist/cli/launcher.js, from the tests' global setup): within one process V8 reuses
// what it compiled already and would not even look at the cache, so only a fresh process shows
// what a cache file does. Nothing here measures time.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../lib/constructs/warden-function';
import { temporaryDirectory } from '../../support/temporary-directory';

const LAUNCHER = pathToFileURL(join(PROJECT_ROOT, 'dist/cli/launcher.js')).href;
let WORK: string;

/** Loads `file` with loadScript in a fresh process; the cache in `xdg` (XDG_CACHE_HOME), or off with `off`. */
const LOAD = `
import { codeCacheFor, currentRuntime, loadScript } from ${JSON.stringify(LAUNCHER)};
const [file, xdg, version] = process.argv.slice(2);
const cache = codeCacheFor(xdg === 'off' ? ['--no-cache'] : [], { XDG_CACHE_HOME: xdg });
const loaded = loadScript(file, cache, { ...currentRuntime(), version: version || process.version });
const value = loaded.exports.value();
const saved = loaded.saveCodeCache();
process.stdout.write(JSON.stringify({ state: loaded.cache, value, saved }));
`;
/** Runs launch() on argv with the fixture build in WORK/dist. */
const LAUNCH = (work: string) => `
import { launch } from ${JSON.stringify(LAUNCHER)};
process.exitCode = await launch(process.argv.slice(2), new URL(${JSON.stringify(pathToFileURL(join(work, 'dist')).href + '/')}));
`;
beforeAll(() => {
  WORK = temporaryDirectory('warden-code-cache-');
  writeFileSync(join(WORK, 'load.mjs'), LOAD);
  writeFileSync(join(WORK, 'launch.mjs'), LAUNCH(WORK));
});

// Two builds of a script with the same length and different behaviour, as a rebuild can give.
const BUILD_A = "module.exports = { value: () => 'first' + (function inner() { return ' build'; })() };\n";
const BUILD_B = "module.exports = { value: () => 'other' + (function inner() { return ' build'; })() };\n";

interface Loaded {
  readonly state: 'off' | 'miss' | 'hit' | 'rejected';
  readonly value: string;
  readonly saved: boolean;
}

function load(file: string, xdg: string, version = ''): Loaded {
  const result = spawnSync(process.execPath, [join(WORK, 'load.mjs'), file, xdg, version], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Loaded;
}

let fixtures = 0;
/** A fresh script file and cache home. */
function fixture(source = BUILD_A): { file: string; xdg: string; codeDir: string } {
  const dir = join(WORK, `f${(fixtures += 1)}`);
  mkdirSync(dir);
  const file = join(dir, 'list.cjs');
  writeFileSync(file, source);
  const xdg = join(dir, 'cache');
  return { file, xdg, codeDir: join(xdg, 'secrets-warden', 'code') };
}

const onlyFile = (dir: string) => {
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  return join(dir, files[0]!);
};

describe('the code cache (loadScript)', () => {
  it('compiles on the first run and stores the code in a 0600 file of a 0700 directory; the next run uses it and leaves it alone', () => {
    const { file, xdg, codeDir } = fixture();
    expect(load(file, xdg)).toEqual({ state: 'miss', value: 'first build', saved: true });
    const cacheFile = onlyFile(codeDir);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(codeDir).mode & 0o777).toBe(0o700);
    const before = statSync(cacheFile);
    expect(load(file, xdg)).toEqual({ state: 'hit', value: 'first build', saved: false });
    expect(statSync(cacheFile).ino).toBe(before.ino);
    expect(statSync(cacheFile).mtimeMs).toBe(before.mtimeMs);
  });

  it('never runs the code of an earlier build: a rebuilt script of the same length is a miss and runs its own code', () => {
    expect(BUILD_A.length).toBe(BUILD_B.length);
    const { file, xdg } = fixture(BUILD_A);
    expect(load(file, xdg).value).toBe('first build');
    const control = fixture(BUILD_A);
    expect(load(control.file, control.xdg).value).toBe('first build');
    // The hazard the key guards against: V8 itself checks only the length, and runs the old
    // bytecode for the new text (shown with the same cache bytes, bypassing the key check).
    const cacheFile = onlyFile(control.codeDir);
    const bytes = readFileSync(cacheFile).subarray(130); // after the key's and the bytes' SHA-256 lines
    writeFileSync(control.file, BUILD_B);
    const direct = spawnSync(
      process.execPath,
      ['-e', `const vm = require('node:vm'); const fs = require('node:fs'); const text = '(function (exports, require, module, __filename, __dirname, __wardenImportMetaUrl) {' + fs.readFileSync(process.argv[1], 'utf8') + '\\n})'; const s = new vm.Script(text, { filename: process.argv[1], cachedData: fs.readFileSync(process.argv[2]).subarray(130) }); const m = { exports: {} }; s.runInThisContext()(m.exports, require, m); process.stdout.write(String(s.cachedDataRejected) + ' ' + m.exports.value());`, control.file, cacheFile],
      { encoding: 'utf8' },
    );
    expect(bytes.length).toBeGreaterThan(0);
    expect(direct.stdout).toBe('false first build');
    // Through the launcher, the rebuilt script is a miss and runs its own code; the cache is replaced.
    writeFileSync(file, BUILD_B);
    expect(load(file, xdg)).toEqual({ state: 'miss', value: 'other build', saved: true });
    expect(load(file, xdg)).toEqual({ state: 'hit', value: 'other build', saved: false });
  });

  it('is a miss under another Node version, and rewritten for it', () => {
    const { file, xdg } = fixture();
    expect(load(file, xdg).saved).toBe(true);
    expect(load(file, xdg, 'v99.0.0')).toEqual({ state: 'miss', value: 'first build', saved: true });
    expect(load(file, xdg, 'v99.0.0').state).toBe('hit');
  });

  it('runs the command the same from a damaged cache file (ignored) or one V8 rejects, and rewrites it', () => {
    const { file, xdg, codeDir } = fixture();
    load(file, xdg);
    const cacheFile = onlyFile(codeDir);
    const good = readFileSync(cacheFile);
    // Damaged bytes (V8's deserializer can crash the process on those): caught by their hash.
    const damaged = Buffer.from(good);
    damaged[damaged.length - 8] ^= 0xff;
    writeFileSync(cacheFile, damaged, { mode: 0o600 });
    expect(load(file, xdg)).toEqual({ state: 'miss', value: 'first build', saved: true });
    expect(load(file, xdg).state).toBe('hit');
    // Intact bytes under the right key that V8 refuses (code cache of another text, whose length
    // differs): V8 rejects them, the script compiles from its text and the cache is rewritten.
    const other = fixture("module.exports = { value: () => 'a longer and different script' };\n");
    load(other.file, other.xdg);
    const foreignBytes = readFileSync(onlyFile(other.codeDir)).subarray(130);
    const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
    writeFileSync(cacheFile, Buffer.concat([readFileSync(cacheFile).subarray(0, 65), Buffer.from(`${sha(foreignBytes)}\n`), foreignBytes]), { mode: 0o600 });
    expect(load(file, xdg)).toEqual({ state: 'rejected', value: 'first build', saved: true });
    expect(load(file, xdg).state).toBe('hit');
  });

  it('only costs speed when the cache directory cannot be written, and is off with --no-cache', () => {
    const { file } = fixture();
    const notADirectory = join(WORK, 'not-a-directory');
    writeFileSync(notADirectory, '');
    expect(load(file, notADirectory)).toEqual({ state: 'miss', value: 'first build', saved: false });
    expect(load(file, 'off')).toEqual({ state: 'off', value: 'first build', saved: false });
  });
});

describe('launch', () => {
  beforeAll(() => {
    const dist = join(WORK, 'dist');
    mkdirSync(join(dist, 'bundles'), { recursive: true });
    writeFileSync(
      join(dist, 'bundles', 'list.cjs'),
      "module.exports = { run: async (argv) => { process.stdout.write('bundle ' + argv.join(' ')); return Number(process.env.FIXTURE_EXIT); }, anyCacheMissed: () => process.env.FIXTURE_MISSED === '1' };\n",
    );
    writeFileSync(join(dist, 'main.js'), "export async function run(argv) { process.stdout.write('main ' + argv.join(' ')); return 0; }\n");
  });

  function launch(argv: readonly string[], env: Record<string, string> = {}): { code: number | null; stdout: string; cached: boolean } {
    const xdg = temporaryDirectory('xdg-', WORK);
    const result = spawnSync(process.execPath, [join(WORK, 'launch.mjs'), ...argv], { encoding: 'utf8', env: { PATH: process.env.PATH, XDG_CACHE_HOME: xdg, FIXTURE_EXIT: '0', ...env } });
    expect(result.stderr).toBe('');
    let cached = false;
    try {
      cached = readdirSync(join(xdg, 'secrets-warden', 'code')).length > 0;
    } catch {
      cached = false;
    }
    return { code: result.status, stdout: result.stdout, cached };
  }

  it("runs a command from its bundle and stores its code after a run that went to its end (exit 0 or 1)", () => {
    expect(launch(['--env', 'prod', 'list', '--json'])).toEqual({ code: 0, stdout: 'bundle --env prod list --json', cached: true });
    expect(launch(['list'], { FIXTURE_EXIT: '1' })).toEqual({ code: 1, stdout: 'bundle list', cached: true });
    for (const stopped of ['2', '3', '4']) expect(launch(['list'], { FIXTURE_EXIT: stopped })).toEqual({ code: Number(stopped), stdout: 'bundle list', cached: false });
  });

  it('stores no code after a run that missed an answer of the cache (it parsed the catalog or asked STS)', () => {
    expect(launch(['list'], { FIXTURE_MISSED: '1' })).toEqual({ code: 0, stdout: 'bundle list', cached: false });
  });

  it('uses no cache with --no-cache or WARDEN_NO_CACHE=1 (a first run), but --no-cache after -- is an argument', () => {
    expect(launch(['list', '--no-cache'])).toEqual({ code: 0, stdout: 'bundle list --no-cache', cached: false });
    expect(launch(['list'], { WARDEN_NO_CACHE: '1' })).toEqual({ code: 0, stdout: 'bundle list', cached: false });
    expect(launch(['list', '--', '--no-cache']).cached).toBe(true);
  });

  it('runs help, --version alone, an unknown command and a command without a bundle through main.js', () => {
    expect(launch(['--help']).stdout).toBe('main --help');
    expect(launch(['--version']).stdout).toBe('main --version');
    expect(launch(['lst']).stdout).toBe('main lst');
    expect(launch(['get', 'x'])).toEqual({ code: 0, stdout: 'main get x', cached: false });
  });
});

describe('warden (the built CLI) with its code cache', () => {
  const warden = (argv: readonly string[], xdg: string) => spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/warden.mjs'), ...argv], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, XDG_CACHE_HOME: xdg } });

  it('stores the compiled code of the command it ran, and answers the same from it', () => {
    const xdg = temporaryDirectory('warden-', WORK);
    const first = warden(['catalog', 'check'], xdg);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^ok config\/secrets\.yaml: dev \(/);
    const cacheFile = onlyFile(join(xdg, 'secrets-warden', 'code'));
    const second = warden(['catalog', 'check'], xdg);
    expect([second.status, second.stdout, second.stderr]).toEqual([first.status, first.stdout, first.stderr]);
    expect(onlyFile(join(xdg, 'secrets-warden', 'code'))).toBe(cacheFile);
    const off = temporaryDirectory('warden-', WORK);
    expect(warden(['catalog', 'check', '--no-cache'], off).stdout).toBe(first.stdout);
    expect(readdirSync(off)).toEqual([]);
  });
});
