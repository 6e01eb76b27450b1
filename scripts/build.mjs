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
import { readdirSync } from 'node:fs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  // secrets-warden/client (+ /pg, /middy): one ESM file per subpath, shared code in chunks so an
  // error class is the same class whichever subpath threw it; every package stays a dependency.
  { entryPoints: ['client/index.ts', 'client/pg.ts', 'client/middy.ts'], outdir: 'dist/client', splitting: true, packages: 'external', chunkNames: 'chunks/[name]-[hash]' },
];

/** Type declarations for the client's subpaths (dist/client/*.d.ts), from tsconfig.client.json. */
async function clientDeclarations() {
  await promisify(execFile)(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', resolve(root, 'tsconfig.client.json')], { cwd: root });
}

// The `warden` CLI (bin/warden.mjs runs dist/cli/main.js). Every cli/commands/<name>.ts is an entry
// of its own and code is split, so main.js imports only the command it runs (lazy loading).
const cliCommands = readdirSync(resolve(root, 'cli/commands'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => `cli/commands/${file}`);
targets.push({
  entryPoints: ['cli/main.ts', ...cliCommands],
  outdir: 'dist/cli',
  outbase: 'cli',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Packages are bundled too: one file per command instead of hundreds of node_modules files
  // to resolve at start-up. CommonJS packages get a `require` for their own requires.
  banner: { js: "import { createRequire as __wardenCreateRequire } from 'node:module'; const require = __wardenCreateRequire(import.meta.url);" },
  sourcemap: true,
});

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
