#!/usr/bin/env node
// `warden`, the secrets-warden operator CLI (package.json "bin"). Runs the build in dist/
// (scripts/build.mjs, run by `npm ci` through the `prepare` script). Reference: docs/cli.md.
import process from 'node:process';
import { URL } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(entry.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('warden: the CLI is not built (dist/cli/main.js is missing)\n  Run `npm ci` or `npm run prepare` in the repository, then try again.\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.run(process.argv.slice(2));
