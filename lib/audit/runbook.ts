// Every alarm and alert names a section of docs/runbooks.md. The anchors are stable ids (an explicit
// `<a id>` in the runbook), so renaming a heading never breaks a link in a deployed alarm. The link
// itself is built by contract/runbook.ts (runbookLink), the one helper the functions use too.

export { runbookLink } from '../../contract/runbook';

export const RUNBOOK_ANCHOR = {
  secretAccessDenied: 'secret-access-denied',
  deletedSecretRead: 'deleted-secret-read',
  secretDeletedOrRestored: 'secret-deleted-or-restored',
  secretPolicyChanged: 'secret-policy-changed',
  secretKeyChanged: 'secret-key-changed',
  rotationChangedByPerson: 'rotation-changed-by-person',
  replicationRemoved: 'replication-removed',
  secretsKeyDisabled: 'secrets-key-disabled',
  valueWrittenOutsideRotation: 'secret-value-written-outside-rotation',
  secretTagsChanged: 'secret-tags-changed',
  rotationFailed: 'rotation-failed',
  testRotationFailed: 'test-rotation-failed',
  rotationAbandoned: 'rotation-abandoned',
  functionErrors: 'function-errors',
  functionThrottles: 'function-throttles',
  functionDuration: 'function-duration-near-timeout',
} as const;

/** `cis-cloudwatch-1` ... `cis-cloudwatch-14`: one runbook section per Security Hub control. */
export function cisRunbookAnchor(control: string): string {
  return `cis-${control.toLowerCase().replace('.', '-')}`;
}
