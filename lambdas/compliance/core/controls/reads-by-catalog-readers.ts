import type { Control } from '../types';
import { accountResource, compliant, evaluateSecrets, nonCompliant, notApplicable, ref, runbookFor } from './helpers';

/** A read by a principal the catalog does not list means a grant exists that nobody reviewed. */
export const readsByCatalogReaders: Control = {
  id: 'reads-by-catalog-readers',
  title: 'Secrets should be read only by the readers the catalog declares',
  severity: 'HIGH',
  references: [ref.soc2('CC6.1'), ref.soc2('CC7.2'), ref.iso('A.8.16')],
  remediation: 'Find where the unexpected principal got access (identity policy, resource policy, key policy); remove it or add the principal to the secret\'s readers in config/secrets.yaml.',
  runbook: runbookFor('reads-by-catalog-readers'),
  evaluate: (facts) => {
    const audit = facts.accessAudit;
    if (!audit.available) {
      return [notApplicable(accountResource(facts), 'CloudTrail', 'the CloudTrail event history could not be read, so reads cannot be judged', { truncatedReason: audit.truncatedReason })];
    }
    const bySecret = new Map(audit.secrets.map((a) => [a.secret, a]));
    return evaluateSecrets(
      facts,
      (s) => {
        if (!Object.hasOwn(facts.catalog.readers, s.name)) return notApplicable(s.arn, s.name, 'not in the catalog, so it has no declared readers', { managed: s.managed });
        const access = bySecret.get(s.arn);
        const unexpected = access?.unexpectedReaders ?? [];
        const evidence = {
          reads: (access?.reads ?? []).reduce((n, r) => n + r.count, 0),
          unexpectedReaders: unexpected.map((u) => u.principal).join(','),
          auditTruncated: audit.truncated,
        };
        return unexpected.length > 0
          ? nonCompliant(s.arn, s.name, `read by ${unexpected.length} principal(s) the catalog does not list`, evidence)
          : compliant(s.arn, s.name, audit.truncated ? 'only declared readers in the events read (the audit was cut short)' : 'only declared readers read it', evidence);
      },
      { needsDetails: false },
    );
  },
};
