// config/secrets.yaml -> Catalog: parse keeping positions, validate against the JSON Schema,
// apply the cross-field rules, then resolve each environment once. Any problem throws one
// CatalogError listing all of them; a Catalog that exists is valid for every environment.
import { readFileSync } from 'node:fs';
import { otherEnvironmentPrincipals } from '../../contract/catalog-summary';
import type { CatalogDocument } from './document';
import { CatalogError, UnknownEnvironmentError, type CatalogIssue } from './errors';
import { existsIn, resolveEnvironment, resolveSecret } from './resolve';
import { documentRules, environmentRules, type ResolvedEnvironment } from './rules';
import { schemaIssues } from './schema-check';
import { CatalogSource } from './source';
import { principalsOf, type Catalog, type Environment, type EnvironmentCatalog } from './types';

export const DEFAULT_CATALOG_PATH = 'config/secrets.yaml';

export function loadCatalog(path: string = DEFAULT_CATALOG_PATH): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    const message = `cannot read the catalog file (${code}); check the path (default ${DEFAULT_CATALOG_PATH})`;
    throw new CatalogError(path, [{ file: path, line: 1, path: '', message }], { cause });
  }
  return parseCatalog(text, path);
}

export function parseCatalog(text: string, fileName: string): Catalog {
  const source = new CatalogSource(fileName, text);
  fail(fileName, source.syntaxIssues());
  const data = source.data();
  // Rules read the document's shape; they run only once the schema holds, so each issue is real.
  fail(fileName, schemaIssues(source, data));
  const document = data as CatalogDocument;
  const resolved = Object.keys(document.environments).map((name): ResolvedEnvironment => {
    const environment = resolveEnvironment(document, name);
    const secrets = document.secrets.flatMap((secret, index) =>
      existsIn(secret, name) ? [{ index, entry: resolveSecret(document, secret, environment) }] : [],
    );
    return { environment, secrets };
  });
  // Resolution tolerates what the document rules reject (it ignores misplaced blocks and unknown
  // environments), so both sets of rules run and the author sees every problem at once.
  fail(fileName, [...documentRules(document, source), ...environmentRules(document, source, resolved)]);
  return new ResolvedCatalog(resolved);
}

function fail(fileName: string, issues: readonly CatalogIssue[]): void {
  if (issues.length === 0) return;
  const ordered = [...issues].sort((a, b) => a.line - b.line || a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
  throw new CatalogError(fileName, ordered);
}

class ResolvedCatalog implements Catalog {
  readonly environments: readonly Environment[];
  private readonly byName: ReadonlyMap<string, EnvironmentCatalog>;

  constructor(resolved: readonly ResolvedEnvironment[]) {
    this.environments = resolved.map(({ environment }) => environment);
    const principals = Object.fromEntries(
      resolved.map(({ environment, secrets }) => [environment.name, principalsOf(environment, secrets.map(({ entry }) => entry))]),
    );
    this.byName = new Map(
      resolved.map(({ environment, secrets }) => {
        const view: EnvironmentCatalog = {
          environment,
          secrets: secrets.map(({ entry }) => entry),
          otherEnvironmentPrincipals: otherEnvironmentPrincipals(principals, environment.name),
        };
        return [environment.name, view];
      }),
    );
  }

  forEnvironment(name: string): EnvironmentCatalog {
    const view = this.byName.get(name);
    if (!view) throw new UnknownEnvironmentError(name, [...this.byName.keys()]);
    return view;
  }
}
