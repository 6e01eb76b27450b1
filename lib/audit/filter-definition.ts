/** One CloudWatch Logs metric filter on the CloudTrail log group and the alarm that watches it. */
export interface AuditFilterDefinition {
  /** Stable construct id, e.g. `SecretAccessDenied` or `CloudWatch1`. */
  readonly id: string;
  /** Short name in the alarm name `SecretsWarden-<env>-<shortName>`. */
  readonly shortName: string;
  /** What happened, in on-call words: the first line of the alarm description. */
  readonly title: string;
  /** CloudWatch Logs metric filter name (unique per log group). */
  readonly filterName: string;
  readonly namespace: string;
  readonly metricName: string;
  /** The filter pattern, CloudWatch Logs JSON syntax (at most 1024 characters once tokens resolve). */
  readonly pattern: string;
  /** Section of docs/runbooks.md that says what to do. */
  readonly runbookAnchor: string;
  /** Where on-call finds the secret or resource: a one-line hint put in the alarm description. */
  readonly howToFind: string;
}

/** CloudWatch Logs limit on a metric filter pattern (PutMetricFilter, filterPattern: max 1024). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;
