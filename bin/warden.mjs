#!/usr/bin/env node
// `warden`, the secrets-warden operator CLI (package.json "bin"). Runs the build in dist/
// (scripts/build.mjs, run by `npm ci` through the `prepare` script): dist/cli/launcher.js picks
// the command's code and its compiled-code cache (cli/launcher.ts). Reference: docs/cli.md.
import process from 'node:process';
import { URL } from 'node:url';

const distCli = new URL('../dist/cli/', import.meta.url);
let launcher;
try {
  launcher = await import(new URL('launcher.js', distCli).href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/launcher.js')) {
    process.stderr.write('warden: the CLI is not built (dist/cli/launcher.js is missing)\n  Run `npm ci` or `npm run prepare` in the repository, then try again.\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await launcher.launch(process.argv.slice(2), distCli);
