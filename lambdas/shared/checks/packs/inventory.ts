// The inventory pack: which verdicts become findings, and how loud. A failing verdict of a check
// listed here is a finding of its type; severity follows the secret's classification, lifted or
// capped per type; the remediation says what to do and the runbook section how.

import type { AcceptedFinding, Finding, FindingType, PlaintextCredential, SecretRecord, Severity } from '../../../../contract/inventory';
import { hasAcceptances, judgeCheck } from '../acceptance';
import { customerManagedKey } from '../customer-managed-key';
import { externalRotationDue } from '../external-rotation-due';
import { notInCatalog } from '../not-in-catalog';
import { otherEnvironmentAccess } from '../other-environment-access';
import { pendingDeletion } from '../pending-deletion';
import { policyNoCrossAccount } from '../policy-no-cross-account';
import { policyNotPublic } from '../policy-not-public';
import { requiredTags } from '../required-tags';
import { rotationEnabled } from '../rotation-enabled';
import { rotationNeverSucceeded } from '../rotation-never-succeeded';
import { rotationOverdue } from '../rotation-overdue';
import { runbookFor } from '../runbook';
import { scanError } from '../scan-error';
import { severityFor } from '../severity';
import type { Sensitivity } from '../../detectors';
import type { Check, CheckContext, CheckId, Verdict } from '../types';
import { unused } from '../unused';

/** What `FindingRule.brief` gives: a finding's type and severity only. */
export type FindingBrief = Pick<Finding, 'type' | 'severity'>;

/** One finding type: the check it reports and how. */
export interface FindingRule {
  readonly type: FindingType;
  readonly check: CheckId;
  /**
   * Another check whose failures this finding type reports, for the records where that check's own
   * type stands down (`when` picks those findings): an external secret past its rotate-by date fails
   * rotation-enabled, and external-rotation-due (overdue) is the finding that says so.
   */
  readonly covers?: { readonly check: CheckId; when(finding: Finding): boolean };
  /** The finding for a failing verdict; null when the check passes, does not apply or is accepted. */
  evaluate(record: SecretRecord, context: CheckContext): Finding | null;
  /**
   * The same judgement as `evaluate`, kept to the finding's type and severity (no id, title,
   * evidence or remediation built): for a surface that only counts open findings (`warden list`).
   */
  brief(record: SecretRecord, context: CheckContext): FindingBrief | null;
  /** The finding with its acceptance when the catalog accepts the failure (and the entry has not expired); else null. */
  accepted(record: SecretRecord, context: CheckContext): AcceptedFinding | null;
}

interface Entry {
  readonly type: FindingType;
  readonly check: Check;
  readonly severity: (record: SecretRecord, verdict: Verdict) => Severity;
  readonly remediation: (record: SecretRecord) => string;
  /** Records this type is not raised for (another type reports them, see FindingRule.covers). */
  readonly standsDownFor?: (record: SecretRecord) => boolean;
  readonly covers?: FindingRule['covers'];
}

const always = (text: string) => () => text;
const byClassification = (bounds: Parameters<typeof severityFor>[1] = {}) => (r: SecretRecord) => severityFor(r.classification, bounds);
const DELETE_UNUSED = 'Confirm with the owner that nothing reads it, then delete it (DeleteSecret with a recovery window) or remove it from the catalog.';

const ENTRIES: readonly Entry[] = [
  { type: 'rotation-disabled', check: rotationEnabled, severity: byClassification(),
    // An external secret fails rotation-enabled only once its rotate-by date has passed: external-rotation-due says so.
    standsDownFor: (r) => r.kind === 'external',
    remediation: always('Turn on rotation (declare `rotation` for the secret in config/secrets.yaml and deploy, or RotateSecret with a rotation function).') },
  { type: 'rotation-overdue', check: rotationOverdue, severity: byClassification(),
    remediation: always('Check the rotation function\'s logs for the failing step, fix it, then RotateSecret to rotate now.') },
  { type: 'rotation-never-succeeded', check: rotationNeverSucceeded, severity: byClassification(),
    remediation: always('Read the rotation function\'s log for the first failing step (createSecret/setSecret/testSecret/finishSecret), fix it, then RotateSecret.') },
  { type: 'unused', check: unused, severity: byClassification({ cap: 'MEDIUM' }), remediation: always(DELETE_UNUSED) },
  { type: 'default-kms-key', check: customerManagedKey, severity: byClassification({ cap: 'MEDIUM' }),
    remediation: always('Encrypt with the environment\'s customer managed key: UpdateSecret --kms-key-id, then rotate so every version is re-encrypted.') },
  { type: 'missing-tag', check: requiredTags, severity: byClassification({ cap: 'LOW' }),
    remediation: always('Tag the secret (TagResource) with warden:environment, warden:classification and warden:owner, or declare it in config/secrets.yaml.') },
  { type: 'public-policy', check: policyNotPublic, severity: byClassification({ floor: 'CRITICAL' }),
    remediation: always('Remove the wildcard principal or add an aws:PrincipalAccount / aws:PrincipalOrgID condition (PutResourcePolicy with BlockPublicPolicy).') },
  { type: 'cross-account-policy', check: policyNoCrossAccount, severity: byClassification({ floor: 'HIGH' }),
    remediation: always('Confirm the other account must read it; otherwise remove the statement (PutResourcePolicy), and rotate if it was not expected.') },
  { type: 'other-environment-access', check: otherEnvironmentAccess, severity: byClassification({ floor: 'HIGH' }),
    remediation: always('Remove the other environment\'s principal from the resource policy (and from `readers` in config/secrets.yaml), then rotate the secret.') },
  { type: 'pending-deletion', check: pendingDeletion,
    // For a catalog secret a scheduled deletion is almost always a mistake.
    severity: (r) => (r.managed ? severityFor(r.classification, { floor: 'HIGH' }) : severityFor(r.classification, { cap: 'LOW' })),
    remediation: (r) =>
      r.managed
        ? 'The catalog still declares this secret: RestoreSecret now, then find who deleted it (CloudTrail DeleteSecret).'
        : 'If something still reads it, RestoreSecret before the deletion date; otherwise nothing to do.' },
  { type: 'external-rotation-due', check: externalRotationDue,
    // Overdue keeps the classification; merely due is at most MEDIUM.
    severity: (r, v) => severityFor(r.classification, v.evidence.status === 'overdue' ? {} : { cap: 'MEDIUM' }),
    covers: { check: 'rotation-enabled', when: (finding) => finding.evidence.status === 'overdue' },
    remediation: always('The owner rotates it at the provider, stores the new value (PutSecretValue), and moves `rotateBy` forward in config/secrets.yaml.') },
  // Informational: a secret nobody declared is not wrong, only unwatched.
  { type: 'not-in-catalog', check: notInCatalog, severity: () => 'INFORMATIONAL',
    remediation: always('Declare it in config/secrets.yaml (or tag its owner and leave it), so that it is rotated and watched.') },
  { type: 'scan-error', check: scanError, severity: () => 'LOW',
    remediation: always('Check the inventory function\'s role can call GetResourcePolicy/DescribeSecret on it (and the KMS key is not disabled); the next run retries.') },
];

export function findingId(type: FindingType, resource: string): string {
  return `${type}:${resource}`;
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function rule(entry: Entry): FindingRule {
  const runbook = runbookFor('inventory', entry.type);
  return {
    type: entry.type,
    check: entry.check.id,
    ...(entry.covers && { covers: entry.covers }),
    evaluate(record, context) {
      const verdict = failing(record, context);
      return verdict ? finding(record, verdict) : null;
    },
    brief(record, context) {
      const verdict = failing(record, context);
      return verdict ? { type: entry.type, severity: entry.severity(record, verdict) } : null;
    },
    accepted(record, context) {
      if (entry.standsDownFor?.(record) || !hasAcceptances(record, context)) return null;
      const verdict = judgeCheck(entry.check, record, context);
      return verdict.status === 'accepted' && verdict.acceptance ? { ...finding(record, verdict), acceptance: verdict.acceptance } : null;
    },
  };

  /** The failing verdict this type reports on the record, or null. */
  function failing(record: SecretRecord, context: CheckContext): Verdict | null {
    if (entry.standsDownFor?.(record)) return null;
    const verdict = judgeCheck(entry.check, record, context);
    return verdict.status === 'fail' ? verdict : null;
  }

  function finding(record: SecretRecord, verdict: Verdict): Finding {
    return {
      id: findingId(entry.type, record.arn),
      type: entry.type,
      severity: entry.severity(record, verdict),
      resource: record.arn,
      title: `${capitalised(verdict.reason)}: ${record.name}`,
      evidence: { secret: record.name, environment: record.environment, ...verdict.evidence },
      remediation: entry.remediation(record),
      runbook,
    };
  }
}

/** Every per-secret finding type, in report order; `plaintext-credential` comes from the plaintext scan instead. */
export const INVENTORY_PACK: readonly FindingRule[] = ENTRIES.map(rule);

/** What each rule gives for the record, in pack order, nulls left out. */
function perRule<T>(rules: readonly FindingRule[], give: (rule: FindingRule) => T | null): T[] {
  const out: T[] = [];
  for (const r of rules) {
    const value = give(r);
    if (value) out.push(value);
  }
  return out;
}

export function inventoryFindings(record: SecretRecord, context: CheckContext, rules: readonly FindingRule[] = INVENTORY_PACK): Finding[] {
  return perRule(rules, (r) => r.evaluate(record, context));
}

/** inventoryFindings kept to each finding's type and severity (FindingRule.brief), in the same order. */
export function inventoryFindingBriefs(record: SecretRecord, context: CheckContext, rules: readonly FindingRule[] = INVENTORY_PACK): FindingBrief[] {
  return perRule(rules, (r) => r.brief(record, context));
}

/**
 * The findings the catalog accepts on these records, in record then pack order. Only records some
 * entry names are judged again, so the cost follows the number of entries, not of secrets.
 */
export function acceptedFindings(records: Iterable<SecretRecord>, context: CheckContext, rules: readonly FindingRule[] = INVENTORY_PACK): AcceptedFinding[] {
  const accepted: AcceptedFinding[] = [];
  if (!context.acceptances) return accepted;
  for (const record of records) {
    if (!hasAcceptances(record, context)) continue;
    for (const r of rules) {
      const finding = r.accepted(record, context);
      if (finding) accepted.push(finding);
    }
  }
  return accepted;
}

/**
 * A credential seen in plaintext by the inventory's plaintext scan (not a secret's record, so no
 * check). Its severity is its detector's classification (the sensitivity table of
 * lambdas/shared/detectors: critical, high, medium), mapped as a secret's classification is.
 */
export function plaintextCredentialFinding(credential: PlaintextCredential, sensitivity: Sensitivity): Finding {
  const where = credential.location === 'lambda-environment' ? 'Lambda environment variable' : 'SSM String parameter';
  return {
    id: findingId('plaintext-credential', `${credential.resource}#${credential.key}`),
    type: 'plaintext-credential',
    severity: severityFor(sensitivity),
    resource: credential.resource,
    title: `Plaintext credential (${credential.detector}) in ${where} ${credential.key}`,
    evidence: {
      location: credential.location,
      key: credential.key,
      detector: credential.detector,
      prefix: credential.prefix,
      length: credential.length,
      fingerprint: credential.fingerprint,
    },
    remediation:
      credential.location === 'lambda-environment'
        ? 'Treat the credential as leaked: rotate it at its issuer, store it in Secrets Manager, and have the function read it at runtime (remove the variable).'
        : 'Treat the credential as leaked: rotate it at its issuer, then move it to Secrets Manager (or at least a SecureString parameter) and delete the String parameter.',
    runbook: runbookFor('inventory', 'plaintext-credential'),
  };
}
