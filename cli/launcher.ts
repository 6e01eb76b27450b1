// How bin/warden.mjs starts a command (docs/cli.md, "Cache"): with V8's code cache, so that a
// command run before neither parses nor compiles again the code it ran last time. A command's
// code is one CommonJS script, dist/cli/bundles/<name>.cjs (scripts/build.mjs), compiled with
// `vm.Script` and the bytes `script.createCachedData()` gave after an earlier run of the same
// script, which hold the functions that run compiled (V8's bytecode), never data: no argument,
// no answer from AWS, no secret. Node 20's ES module loader takes no code cache, hence the script.
// The cache is keyed by a hash of the script's full text with Node's version, the architecture and
// Node's/V8's flags: V8 itself checks only the text's length and its flags, and would run the
// bytecode of another build of the same length. Anything wrong with the cache (missing, another
// key, not the user's 0600 file, bytes V8 rejects, a directory that cannot be written) costs only
// the compile time; the command runs the same. Help, `--version` alone and an unknown command go
// through dist/cli/main.js (ES modules), which loads the command modules it needs.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { asksNoCache, knownCommandIn } from './argv';
import { userCache, type CliCache } from './cache';
import { EXIT } from './errors';

/** The cache's subdirectory for compiled code. */
const CODE_CACHE_KIND = 'code';

/** What a bundle exports (the generated entry of scripts/build.mjs). */
export interface CommandBundle {
  run(argv: readonly string[]): Promise<number>;
  /** Whether the run missed an answer of the cache (cli/cache.ts); absent in main.js. */
  anyCacheMissed?(): boolean;
}

/** Where the code cache stood for one load. `off`: no cache (--no-cache, WARDEN_NO_CACHE). */
export type CodeCacheState = 'off' | 'miss' | 'hit' | 'rejected';

export interface LoadedScript<T> {
  readonly exports: T;
  readonly cache: CodeCacheState;
  /**
   * Stores the script's code cache (with every function compiled so far) when none was used
   * (`miss`) or V8 rejected it (`rejected`); returns whether it wrote. Never throws.
   */
  saveCodeCache(): boolean;
}

/** The runtime a code cache belongs to, beside the script's text. */
export interface Runtime {
  readonly version: string;
  readonly arch: string;
  /** Node's and V8's command-line flags (V8 rejects a cache made under other flags). */
  readonly flags: string;
}

export const currentRuntime = (): Runtime => ({
  version: process.version,
  arch: process.arch,
  flags: `${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`,
});

/** The CommonJS wrapper, as Node's own, plus `import.meta.url` (scripts/build.mjs defines it so). */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname, __wardenImportMetaUrl) {';
const WRAPPER_END = '\n})';

/**
 * Compiles and runs the CommonJS script `file` with the code cache of `cache` (when given) and
 * returns its exports. Reading, compiling and running errors propagate (a broken build is not
 * hidden); cache errors never do.
 */
export function loadScript<T>(file: string, cache: CliCache | undefined, runtime: Runtime = currentRuntime()): LoadedScript<T> {
  const bytes = readFileSync(file);
  // esbuild writes ASCII (its default charset), which reads fastest as latin1, to the same string.
  const text = `${WRAPPER_START}${isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')}${WRAPPER_END}`;
  const textHash = createHash('sha256').update(WRAPPER_START).update(bytes).update(WRAPPER_END).digest('hex');
  const key = `${textHash}\0${runtime.version}\0${runtime.arch}\0${runtime.flags}`;
  const name = basename(file);
  const cachedData = cache?.readBytes(CODE_CACHE_KIND, name, key);
  const script = new Script(text, { filename: file, cachedData });
  const state: CodeCacheState = cache === undefined ? 'off' : cachedData === undefined ? 'miss' : script.cachedDataRejected === true ? 'rejected' : 'hit';
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  return {
    exports: module.exports,
    cache: state,
    saveCodeCache: () => {
      if (cache === undefined || state === 'hit') return false;
      try {
        return cache.writeBytes(CODE_CACHE_KIND, name, key, script.createCachedData());
      } catch {
        return false;
      }
    },
  };
}

/** The cache for compiled code: the user's cache (cli/cache.ts), off with --no-cache or WARDEN_NO_CACHE. */
export function codeCacheFor(argv: readonly string[], env: NodeJS.ProcessEnv): CliCache | undefined {
  return userCache(!asksNoCache(argv), env);
}

/**
 * Runs the CLI on argv (without node and the script) from the build in `distCli` (dist/cli/) and
 * returns the exit code. The code cache is written after a run that went to its end (exit 0, or 1
 * for something found) and found the answers it looked for in the cache (the STS account, the
 * catalog): a run stopped early (usage, AWS refused, safety) compiled only part of the command, a
 * run that parsed the catalog or asked STS compiled code the next runs do not need (the YAML
 * parser, the schema validator, the STS client: about 0.5 MB more cache for `list` to load each
 * time), and a cache once accepted is not rewritten.
 */
export async function launch(argv: readonly string[], distCli: URL, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const name = knownCommandIn(argv);
  const bundle = name === undefined ? undefined : fileURLToPath(new URL(`bundles/${name}.cjs`, distCli));
  if (bundle === undefined || !existsSync(bundle)) {
    const main = (await import(new URL('main.js', distCli).href)) as CommandBundle;
    return main.run(argv);
  }
  const loaded = loadScript<CommandBundle>(bundle, codeCacheFor(argv, env));
  const code = await loaded.exports.run(argv);
  if ((code === EXIT.ok || code === EXIT.failed) && loaded.exports.anyCacheMissed?.() !== true) loaded.saveCodeCache();
  return code;
}
