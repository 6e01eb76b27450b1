// The compliance pack: which checks a control is made of, and the framework items it answers.
// A control over secrets fails when any of its checks fails, is compliant when one passes and none
// fails, and does not apply when none applies (controlVerdict). The compliance report
// (lambdas/compliance/core/controls/secret-controls.ts) evaluates these per secret in scope.

import type { CheckId, Verdict } from '../types';

export const FRAMEWORKS = ['AWS Security Hub', 'CIS AWS Foundations Benchmark', 'SOC 2', 'ISO/IEC 27001:2022', 'PCI DSS v4.0', 'GDPR'] as const;
/** Frameworks a score is given for. AWS Config rules are cited as references, not scored. */
export type Framework = (typeof FRAMEWORKS)[number];
export type ReferenceSource = Framework | 'AWS Config';
export type ControlSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

export interface Reference {
  readonly framework: ReferenceSource;
  /** The item within it: `SecretsManager.1`, `secretsmanager-rotation-enabled-check`, `CC6.1`, `A.8.24`, `8.6.3`, `Art. 32`. */
  readonly id: string;
}

export const ref = {
  securityHub: (id: string): Reference => ({ framework: 'AWS Security Hub', id }),
  config: (id: string): Reference => ({ framework: 'AWS Config', id }),
  cis: (id: string): Reference => ({ framework: 'CIS AWS Foundations Benchmark', id }),
  soc2: (id: string): Reference => ({ framework: 'SOC 2', id }),
  iso: (id: string): Reference => ({ framework: 'ISO/IEC 27001:2022', id }),
  pci: (id: string): Reference => ({ framework: 'PCI DSS v4.0', id }),
  gdpr: (): Reference => ({ framework: 'GDPR', id: 'Art. 32' }),
};

export interface ControlEntry {
  readonly id: string;
  readonly title: string;
  readonly severity: ControlSeverity;
  readonly references: readonly Reference[];
  /** What to do when it fails; the runbook section says how. */
  readonly remediation: string;
  /** The checks it is made of; it fails when any of them fails. */
  readonly checks: readonly CheckId[];
}

/** Every control over secrets' facts, in the order the report lists them. */
export const COMPLIANCE_PACK: readonly ControlEntry[] = [
  {
    // A secret nobody rotates stays valid for as long as anyone who ever saw it likes.
    id: 'SecretsManager.1',
    title: 'Secrets Manager secrets should have automatic rotation enabled',
    severity: 'MEDIUM',
    references: [ref.securityHub('SecretsManager.1'), ref.config('secretsmanager-rotation-enabled-check'), ref.soc2('CC6.1'), ref.iso('A.5.17'), ref.pci('8.3.9'), ref.pci('8.6.3')],
    remediation: 'Turn on automatic rotation (give the secret a rotation in config/secrets.yaml and deploy); an external secret passes until its rotate-by date: rotate it by hand at its provider, then move external.rotateBy forward.',
    checks: ['rotation-enabled'],
  },
  {
    // Rotation that is on but failing looks safe on paper and is not.
    id: 'SecretsManager.2',
    title: 'Secrets Manager secrets configured with automatic rotation should rotate successfully',
    severity: 'MEDIUM',
    references: [ref.securityHub('SecretsManager.2'), ref.config('secretsmanager-scheduled-rotation-success-check'), ref.soc2('CC6.1'), ref.iso('A.5.17'), ref.pci('8.6.3')],
    remediation: 'Find the failing rotation step in the rotation function\'s logs, fix the cause, then rotate the secret now.',
    checks: ['rotation-never-succeeded', 'rotation-overdue'],
  },
  {
    // An unused secret is access nobody needs, kept alive for whoever still holds it.
    id: 'SecretsManager.3',
    title: 'Remove unused Secrets Manager secrets',
    severity: 'MEDIUM',
    references: [ref.securityHub('SecretsManager.3'), ref.config('secretsmanager-secret-unused'), ref.soc2('CC6.1'), ref.iso('A.5.17')],
    remediation: 'Confirm with the owner that nothing uses the secret, then delete it (with a recovery window) and remove it from the catalog.',
    checks: ['unused'],
  },
  {
    // PCI DSS 8.3.9 caps a password's life at 90 days.
    id: 'SecretsManager.4',
    title: 'Secrets Manager secrets should be rotated within a specified number of days',
    severity: 'MEDIUM',
    references: [ref.securityHub('SecretsManager.4'), ref.config('secretsmanager-secret-periodic-rotation'), ref.soc2('CC6.1'), ref.iso('A.5.17'), ref.pci('8.3.9'), ref.pci('8.6.3')],
    remediation: 'Rotate the secret now, and set its rotation interval to at most the allowed number of days.',
    checks: ['rotated-recently'],
  },
  {
    // Without owner and classification nobody is answerable for a secret.
    id: 'SecretsManager.5',
    title: 'Secrets Manager secrets should be tagged',
    severity: 'LOW',
    references: [ref.securityHub('SecretsManager.5'), ref.config('tagged-secretsmanager-secret'), ref.soc2('CC6.1')],
    remediation: 'Add the missing tags (declaring the secret in config/secrets.yaml sets them all).',
    checks: ['required-tags'],
  },
  {
    // Only a customer key lets the environment decide, in its key policy, who may decrypt.
    id: 'secretsmanager-using-cmk',
    title: 'Secrets Manager secrets should be encrypted with a customer managed KMS key',
    severity: 'MEDIUM',
    references: [ref.config('secretsmanager-using-cmk'), ref.soc2('CC6.1'), ref.iso('A.8.24'), ref.gdpr()],
    remediation: 'Re-encrypt the secret with the environment\'s customer managed key (UpdateSecret KmsKeyId), then rotate it.',
    checks: ['customer-managed-key'],
  },
  {
    // A resource policy allowing `*` without a narrowing condition hands the secret to any AWS account.
    // CC6.6: access from outside the system boundary; CC6.7: information released only to authorised external users.
    id: 'secret-policy-not-public',
    title: 'Secret resource policies should not allow public access',
    severity: 'CRITICAL',
    references: [ref.soc2('CC6.1'), ref.soc2('CC6.6'), ref.soc2('CC6.7'), ref.iso('A.5.17'), ref.gdpr()],
    remediation: 'Remove the statement that allows `*` (or add a condition such as aws:PrincipalAccount), then rotate the secret: it may have been read.',
    checks: ['policy-not-public'],
  },
  {
    // Another account's principals reading a secret are outside this account's controls and audit trail.
    id: 'secret-policy-no-cross-account',
    title: 'Secret resource policies should not grant access to other AWS accounts',
    severity: 'HIGH',
    references: [ref.soc2('CC6.1'), ref.soc2('CC6.6'), ref.soc2('CC6.7'), ref.iso('A.5.17'), ref.gdpr()],
    remediation: 'Remove the other account\'s principals from the resource policy, or document the sharing and scope it to named roles.',
    checks: ['policy-no-cross-account'],
  },
  {
    // Environments never share a reader: a dev role that can read prod makes prod as weak as dev.
    // The report adds the access audit's reads by other environments (controls/environment-separation.ts).
    id: 'environment-separation',
    title: 'Secrets should not be usable by principals of another environment',
    severity: 'HIGH',
    references: [ref.soc2('CC6.1'), ref.iso('A.5.17')],
    remediation: 'Remove the other environment\'s principals from the secret\'s policy (and their IAM grants), then rotate the secret if the access audit shows reads.',
    checks: ['other-environment-access'],
  },
];

/**
 * One verdict for a control from its checks' verdicts: the first failure (with every check's
 * evidence), else the first accepted failure, else the first pass, else the first "not applicable".
 */
export function controlVerdict(verdicts: readonly Verdict[]): Verdict {
  const chosen =
    verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status === 'accepted') ?? verdicts.find((v) => v.status === 'pass') ?? verdicts[0]!;
  if (verdicts.length === 1) return chosen;
  return { ...chosen, evidence: Object.assign({}, ...verdicts.map((v) => v.evidence), chosen.evidence) };
}
