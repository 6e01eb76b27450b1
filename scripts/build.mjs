// Builds the parts that run outside the CDK app and the test runner (the `warden` CLI, the
// `secrets-warden/client` library) from TypeScript into dist/ with the local esbuild.
// Runs on `npm ci` / `npm install` (the `prepare` script) and again in the tests' global setup,
// so dist/ always matches the sources. Each area adds its entry to `targets`.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import process from 'node:process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @type {import('esbuild').BuildOptions[]} */
export const targets = [
  // secrets-warden/client (+ /pg, /middy): one ESM file per subpath, shared code in chunks so an
  // error class is the same class whichever subpath threw it; every package stays a dependency.
  { entryPoints: ['client/index.ts', 'client/pg.ts', 'client/middy.ts'], outdir: 'dist/client', splitting: true, packages: 'external', chunkNames: 'chunks/[name]-[hash]' },
];

/** Type declarations for the client's subpaths (dist/client/*.d.ts), from tsconfig.client.json. */
async function clientDeclarations() {
  await promisify(execFile)(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', resolve(root, 'tsconfig.client.json')], { cwd: root });
}

export async function buildAll() {
  await Promise.all([
    ...targets.map((options) =>
      build({ absWorkingDir: root, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', ...options }),
    ),
    clientDeclarations(),
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAll();
}
