// Lambda code for the warden functions: each handler is bundled by the local esbuild (no Docker)
// ONCE per process, however many environments (and so functions) use it; each function's asset
// is then that bundle plus its own files (a CA bundle, the environment's catalog summary).
// NodejsFunction bundled per function: the inventory and compliance functions carry a per-
// environment file, which changed its cache key, so every environment re-ran esbuild.
import { Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { buildSync, type BuildOptions } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface BundleFiles {
  /** Files copied next to the bundle, absolute source path -> name in the bundle. */
  readonly copies: readonly { from: string; to: string }[];
  /** Files written next to the bundle. */
  readonly generated: readonly { to: string; content: string }[];
}

/** ESM output still has CommonJS dependencies (pg) that call require(). */
const REQUIRE_BANNER = "import { createRequire as __wardenCreateRequire } from 'node:module'; const require = __wardenCreateRequire(import.meta.url);";

/** How every warden handler is bundled (also by bench:rotation's bundle measurements). */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // The SDK is bundled so the deployed code is the tested code; pg-native is an optional native
  // binding pg never needs here.
  external: ['pg-native'],
  banner: { js: REQUIRE_BANNER },
} as const satisfies BuildOptions;

const bundles = new Map<string, string>();

/**
 * Where bundles and staging folders go: beside the cloud assembly (cdk.out, or the temporary
 * assembly folder of a test app), so nothing is left in the system's temporary folder when a
 * process ends without running exit handlers (test workers).
 */
function workDir(scope: Construct): string {
  const outdir = Stage.of(scope)?.outdir ?? tmpdir();
  const dir = join(outdir, '.warden-bundles');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The esbuild output directory of a handler (index.mjs and its source map), built on first use. */
function sharedBundle(scope: Construct, entry: string): string {
  const cached = bundles.get(entry);
  if (cached && existsSync(join(cached, 'index.mjs'))) return cached;
  const outdir = mkdtempSync(join(workDir(scope), 'bundle-'));
  buildSync({ entryPoints: [entry], outfile: join(outdir, 'index.mjs'), ...LAMBDA_BUILD_OPTIONS, logLevel: 'warning' });
  bundles.set(entry, outdir);
  return outdir;
}

/**
 * The function's code: the shared bundle of `entry` plus its own files, staged by CDK as one
 * asset (content-hashed, so identical functions share an asset). When the stack skips bundling
 * (context `aws:cdk:bundling-stacks`), only the function's own files are staged.
 */
export function functionCode(scope: Construct, entry: string, files: BundleFiles): { code: lambda.Code; release(): void } {
  const stage = mkdtempSync(join(workDir(scope), 'function-'));
  if (Stack.of(scope).bundlingRequired) {
    const bundle = sharedBundle(scope, entry);
    for (const name of readdirSync(bundle)) copyFileSync(join(bundle, name), join(stage, name));
  }
  for (const copy of files.copies) {
    mkdirSync(dirname(join(stage, copy.to)), { recursive: true });
    copyFileSync(copy.from, join(stage, copy.to));
  }
  for (const file of files.generated) writeFileSync(join(stage, file.to), file.content);
  // CDK copies the folder into the assembly when the function binds its code: then it can go
  // (unless asset staging is off, as `sam` asks, when the assembly points at the folder itself).
  const stagingDisabled = Boolean(scope.node.tryGetContext('aws:cdk:disable-asset-staging'));
  return { code: lambda.Code.fromAsset(stage), release: () => (stagingDisabled ? undefined : rmSync(stage, { recursive: true, force: true })) };
}
