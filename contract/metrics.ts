// Metric names shared by the emitters (the functions) and the readers (alarms, dashboard).

export const METRIC_NAMESPACE = 'SecretsWarden';

/**
 * Metric names shared by the emitters (Lambdas) and the readers (alarms, dashboard).
 * Every metric carries exactly one dimension, `Environment`, unless its entry says otherwise.
 */
export const METRIC = {
  /** Count, 1 per step that succeeded; emitted by the rotation functions. */
  rotationStepSucceeded: 'RotationStepSucceeded',
  /** Count, 1 per step that failed. */
  rotationStepFailed: 'RotationStepFailed',
  /** Count, 1 when finishSecret completes a rotation. */
  rotationCompleted: 'RotationCompleted',
  /** Milliseconds per step. */
  rotationStepDuration: 'RotationStepDuration',
  /** Count of secrets seen by the inventory scan. */
  inventorySecrets: 'SecretsTotal',
  /** Count of secrets the scan could not read fully. */
  inventoryFailedSecrets: 'SecretsScanFailed',
  /** Count of open findings; dimensions Environment and Severity (CRITICAL|HIGH|MEDIUM|LOW|INFORMATIONAL). */
  findingsBySeverity: 'FindingsBySeverity',
  /** Count of open findings; dimensions Environment and FindingType. */
  findingsByType: 'FindingsByType',
  /** Count of findings first seen in this scan. */
  newFindings: 'NewFindings',
  /** Percentage of compliant evaluations in the latest compliance report. */
  complianceScore: 'ComplianceScore',
  /** Count of controls that went from compliant to not compliant. */
  complianceRegressions: 'ComplianceRegressions',
} as const;
