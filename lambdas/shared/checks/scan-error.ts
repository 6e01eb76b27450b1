import type { Check } from './types';
import { fail, pass } from './verdict';

/** The scan read the secret's policy and replicas; otherwise the record holds ListSecrets facts only. */
export const scanError: Check = {
  id: 'scan-error',
  title: 'The inventory read the secret fully',
  judge: (r) => (r.error != null ? fail('could not be read fully', { error: r.error }) : pass('read fully', { error: null })),
};
