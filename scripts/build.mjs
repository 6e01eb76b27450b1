// Builds the parts that run outside the CDK app and the test runner (the `warden` CLI, the
// `secrets-warden/client` library) from TypeScript into dist/ with the local esbuild.
// Runs on `npm ci` / `npm install` (the `prepare` script) and again in the tests' global setup,
// so dist/ always matches the sources. Each area adds its entry to `targets`.
import { build } from 'esbuild';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @type {import('esbuild').BuildOptions[]} */
export const targets = [];

export async function buildAll() {
  await Promise.all(
    targets.map((options) =>
      build({ absWorkingDir: root, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', ...options }),
    ),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAll();
}
