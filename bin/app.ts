#!/usr/bin/env node
// CDK entry: `npx cdk synth|deploy -c env=NAME` (default dev) builds SecretsWarden-NAME from
// config/secrets.yaml (`-c catalog=PATH` for another file). No lookups: synth needs no credentials.
import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CATALOG_PATH, parseCatalog } from '../lib/catalog';
import { PROJECT_ROOT } from '../lib/constructs/warden-function';
import { addEnvironment } from '../lib/stacks/warden-app';

const app = new App();
const environmentName = String(app.node.tryGetContext('env') ?? 'dev');
const catalogPath = String(app.node.tryGetContext('catalog') ?? DEFAULT_CATALOG_PATH);

function readCatalog(path: string): string {
  try {
    // From the repository root whatever the working directory; messages keep the path as given.
    return readFileSync(resolve(PROJECT_ROOT, path), 'utf8');
  } catch (cause) {
    throw new Error(`${path}: cannot read the secrets catalog (${(cause as NodeJS.ErrnoException).code ?? 'error'}); restore it or pass -c catalog=PATH`, { cause });
  }
}

try {
  addEnvironment(app, parseCatalog(readCatalog(catalogPath), catalogPath), environmentName);
} catch (error) {
  // A bad catalog or environment name is the user's input: say what and where, without a stack trace.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
app.synth();
