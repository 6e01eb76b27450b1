import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/** Without owner, classification and environment tags nobody can be asked and nothing can be ranked. */
export const missingTag: FindingRule = {
  type: 'missing-tag',
  evaluate: (r) => {
    const missing = r.missingTags ?? [];
    if (!isLive(r) || missing.length === 0) return null;
    return secretFinding('missing-tag', r, severityFor(r.classification, { cap: 'LOW' }), `Missing tag ${missing.join(', ')}`, { missingTags: missing.join(',') },
      'Tag the secret (TagResource) with warden:environment, warden:classification and warden:owner, or declare it in config/secrets.yaml.');
  },
};
