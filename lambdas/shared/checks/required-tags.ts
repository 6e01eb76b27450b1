import { REQUIRED_TAGS, TAG } from '../../../contract/catalog';
import type { SecretRecord } from '../../../contract/inventory';
import type { Check } from './types';
import { fail, pass, precondition } from './verdict';

/** Record fields read back from the required tags, for records written before `missingTags` existed. */
const FIELD_OF: Readonly<Record<string, (r: SecretRecord) => string | null>> = {
  [TAG.environment]: (r) => r.environment,
  [TAG.classification]: (r) => r.classification,
  [TAG.owner]: (r) => r.owner,
};

/**
 * The secret carries warden:environment, warden:classification and warden:owner as tags (Security
 * Hub SecretsManager.5). What counts is the tags on the secret (`missingTags`, from ListSecrets),
 * not what the catalog would fill in: a managed secret whose owner tag was deleted fails.
 */
export const requiredTags: Check = {
  id: 'required-tags',
  title: 'Tagged with environment, classification and owner',
  judge: (r) => {
    // ListSecrets returns tags, so a failed per-secret read does not hide them.
    const skip = precondition(r, false);
    if (skip) return skip;
    const missing = r.missingTags ?? REQUIRED_TAGS.filter((key) => FIELD_OF[key]!(r) == null);
    const evidence = { requiredTagKeys: REQUIRED_TAGS.join(','), missingTags: missing.join(',') };
    return missing.length > 0 ? fail(`missing tags: ${missing.join(', ')}`, evidence) : pass('all required tags present', evidence);
  },
};
