// config/secrets.yaml -> Catalog: parse keeping positions, validate against the JSON Schema,
// apply the cross-field rules, then resolve each environment once. Any problem throws one
// CatalogError listing all of them; a Catalog that exists is valid for every environment.
import { readFileSync } from 'node:fs';
import { otherEnvironmentPrincipals } from '../../contract/catalog-summary';
import type { Acceptance } from '../../contract/acceptance';
import type { AcceptBlock, CatalogDocument } from './document';
import { CatalogError, UnknownEnvironmentError, type CatalogIssue } from './errors';
import { existsIn, resolveEnvironment, resolveSecret } from './resolve';
import { documentRules, environmentRules, type ResolvedEnvironment } from './rules';
import { schemaIssues } from './schema-check';
import { CatalogSource } from './source';
import { principalsOf, secretName, type Catalog, type Environment, type EnvironmentCatalog } from './types';

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
  return new ResolvedCatalog(resolved, document.accept ?? []);
}

function fail(fileName: string, issues: readonly CatalogIssue[]): void {
  if (issues.length === 0) return;
  const ordered = [...issues].sort((a, b) => a.line - b.line || a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
  throw new CatalogError(fileName, ordered);
}

class ResolvedCatalog implements Catalog {
  readonly environments: readonly Environment[];
  private readonly byName: ReadonlyMap<string, EnvironmentCatalog>;

  constructor(resolved: readonly ResolvedEnvironment[], accept: readonly AcceptBlock[]) {
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
          acceptances: acceptancesIn(accept, environment.name, new Set(secrets.map(({ entry }) => entry.name))),
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

/** The entries that hold in `environment`: for a secret it has, unless the entry names other environments. */
function acceptancesIn(accept: readonly AcceptBlock[], environment: string, secrets: ReadonlySet<string>): Acceptance[] {
  return accept
    .filter((entry) => secrets.has(entry.secret) && (entry.environments === undefined || entry.environments.includes(environment)))
    .map((entry) => ({
      secret: secretName(environment, entry.secret),
      finding: entry.finding ?? null,
      control: entry.control ?? null,
      reason: entry.reason,
      owner: entry.owner,
      expires: entry.expires,
    }));
}
