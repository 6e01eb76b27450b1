// config/secrets.yaml -> Catalog: parse keeping positions, validate against the JSON Schema,
// apply the cross-field rules, then resolve each environment once. Any problem throws one
// CatalogError listing all of them; a Catalog that exists is valid for every environment.
import { readFileSync } from 'node:fs';
import type { CatalogDocument } from './document';
import { CatalogError, type CatalogIssue } from './errors';
import { existsIn, resolveEnvironment, resolveSecret } from './resolve';
import { resolvedCatalog } from './resolved';
import { documentRules, environmentRules, type ResolvedEnvironment } from './rules';
import { schemaIssues } from './schema-check';
import { CatalogSource } from './source';
import type { Catalog } from './types';

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
  return resolvedCatalog(resolved, document.accept ?? []);
}

function fail(fileName: string, issues: readonly CatalogIssue[]): void {
  if (issues.length === 0) return;
  const ordered = [...issues].sort((a, b) => a.line - b.line || a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
  throw new CatalogError(fileName, ordered);
}
