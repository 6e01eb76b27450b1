import type { Check } from './types';
import { fail, notApplicable, pass, precondition } from './verdict';

/**
 * The catalog of this environment declares the secret. A secret tagged with another catalog
 * environment belongs to that environment's scan and is not judged here.
 */
export const notInCatalog: Check = {
  id: 'not-in-catalog',
  title: 'Declared in the catalog',
  judge: (r, { environment, environments }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    if (r.managed) return pass('declared in the catalog', { managed: true });
    const env = r.environment;
    if (env != null && env !== environment && environments.includes(env)) return notApplicable(`belongs to environment ${env}`, { managed: false, environment: env });
    return fail('not declared in the catalog', { managed: false });
  },
};
