// A valid catalog once parsed: one EnvironmentCatalog per environment. Kept apart from the loader
// (YAML parser, schema validator, rules) so that code holding an already-validated catalog (the
// `warden` CLI's catalog cache, cli/catalog-cache.ts) can rebuild it without loading any of those.
import { otherEnvironmentPrincipals } from '../../contract/catalog-summary';
import type { Acceptance } from '../../contract/acceptance';
import type { AcceptBlock } from './document';
import { UnknownEnvironmentError } from './errors';
import type { ResolvedEnvironment } from './rules';
import { principalsOf, secretName, type Catalog, type Environment, type EnvironmentCatalog } from './types';

class ResolvedCatalog implements Catalog {
  readonly environments: readonly Environment[];
  private readonly byName: ReadonlyMap<string, EnvironmentCatalog>;

  constructor(views: readonly EnvironmentCatalog[]) {
    this.environments = views.map((view) => view.environment);
    this.byName = new Map(views.map((view) => [view.environment.name, view]));
  }

  forEnvironment(name: string): EnvironmentCatalog {
    const view = this.byName.get(name);
    if (!view) throw new UnknownEnvironmentError(name, [...this.byName.keys()]);
    return view;
  }
}

/** The catalog of the resolved environments (the loader's last step, once every rule holds). */
export function resolvedCatalog(resolved: readonly ResolvedEnvironment[], accept: readonly AcceptBlock[]): Catalog {
  const principals = Object.fromEntries(
    resolved.map(({ environment, secrets }) => [environment.name, principalsOf(environment, secrets.map(({ entry }) => entry))]),
  );
  return new ResolvedCatalog(
    resolved.map(({ environment, secrets }): EnvironmentCatalog => ({
      environment,
      secrets: secrets.map(({ entry }) => entry),
      otherEnvironmentPrincipals: otherEnvironmentPrincipals(principals, environment.name),
      acceptances: acceptancesIn(accept, environment.name, new Set(secrets.map(({ entry }) => entry.name))),
    })),
  );
}

/** Every environment's view, in the catalog's order: all a Catalog holds, as plain data. */
export function catalogViews(catalog: Catalog): EnvironmentCatalog[] {
  return catalog.environments.map((environment) => catalog.forEnvironment(environment.name));
}

/** The Catalog of views taken from a valid catalog with catalogViews (no validation: they were valid). */
export function catalogOfViews(views: readonly EnvironmentCatalog[]): Catalog {
  return new ResolvedCatalog(views);
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
