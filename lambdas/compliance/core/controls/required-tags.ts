import type { SecretRecord } from '../../../../contract/inventory';
import type { Control } from '../types';
import { compliant, evaluateSecrets, nonCompliant, ref, runbookFor } from './helpers';

/** The tag keys the inventory reads back into the record (lib/catalog/types.ts TAG). */
const TAG_FIELDS: Readonly<Record<string, (s: SecretRecord) => string | null>> = {
  'warden:environment': (s) => s.environment,
  'warden:classification': (s) => s.classification,
  'warden:owner': (s) => s.owner,
  'warden:kind': (s) => s.kind,
};

/** Security Hub SecretsManager.5: without owner and classification nobody is answerable for a secret. */
export const requiredTags: Control = {
  id: 'SecretsManager.5',
  title: 'Secrets Manager secrets should be tagged',
  severity: 'LOW',
  references: [ref.securityHub('SecretsManager.5'), ref.config('tagged-secretsmanager-secret'), ref.soc2('CC6.1')],
  remediation: 'Add the missing tags (declaring the secret in config/secrets.yaml sets them all).',
  runbook: runbookFor('SecretsManager.5'),
  evaluate: (facts) =>
    evaluateSecrets(
      facts,
      (s) => {
        const checked = facts.catalog.requiredTags.filter((key) => key in TAG_FIELDS);
        const missing = checked.filter((key) => TAG_FIELDS[key]!(s) === null);
        const evidence = { requiredTagKeys: checked.join(','), missing: missing.join(',') };
        return missing.length > 0 ? nonCompliant(s.arn, s.name, `missing tags: ${missing.join(', ')}`, evidence) : compliant(s.arn, s.name, 'all required tags present', evidence);
      },
      // ListSecrets returns tags, so a failed per-secret read does not hide them.
      { needsDetails: false },
    ),
};
