import { isLive, secretFinding, type FindingRule } from './rule';

/**
 * Informational: a secret the catalog of this environment does not declare. Secrets tagged with
 * another catalog environment belong to that environment's scan and are not reported here.
 */
export const notInCatalog: FindingRule = {
  type: 'not-in-catalog',
  evaluate: (r, { catalog }) => {
    if (r.managed || !isLive(r)) return null;
    const env = r.environment;
    if (env != null && env !== catalog.summary.environment && catalog.summary.environments.includes(env)) return null;
    return secretFinding('not-in-catalog', r, 'INFORMATIONAL', 'Not declared in the catalog', { managed: false },
      'Declare it in config/secrets.yaml (or tag its owner and leave it), so that it is rotated and watched.');
  },
};
