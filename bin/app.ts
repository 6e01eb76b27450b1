#!/usr/bin/env node
// CDK entry: `npx cdk synth|deploy` builds every environment of config/secrets.yaml
// (SecretsWarden-<env> and its shards SecretsWarden-<env>-shard-NN), so `cdk list` shows them all
// and `cdk deploy SecretsWarden-prod` works as is; `-c env=NAME` builds only that environment,
// `-c catalog=PATH` reads another catalog. No lookups: synth needs no credentials. The Lambda
// code is bundled once per synth, whatever the number of environments (lib/constructs/lambda-bundle.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CATALOG_PATH, parseCatalog } from '../lib/catalog';
import { PROJECT_ROOT } from '../lib/constructs/warden-function';
import { addEnvironment, wardenApp } from '../lib/stacks/warden-app';

const app = wardenApp();
const environmentName = app.node.tryGetContext('env') as string | undefined;
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
  const catalog = parseCatalog(readCatalog(catalogPath), catalogPath);
  const names = environmentName === undefined ? catalog.environments.map((e) => e.name) : [String(environmentName)];
  for (const name of names) addEnvironment(app, catalog, name);
} catch (error) {
  // A bad catalog or environment name is the user's input: say what and where, without a stack trace.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
app.synth();
