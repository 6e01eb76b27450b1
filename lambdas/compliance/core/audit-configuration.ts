// The account's audit configuration as the APIs report it (DescribeTrails, GetTrailStatus,
// GetEventSelectors, DescribeMetricFilters, DescribeAlarms, ListSubscriptionsByTopic): the CIS
// controls are judged on what the account really has, not on what our template meant to create.

export interface TrailFacts {
  readonly arn: string;
  readonly name: string;
  readonly homeRegion: string;
  readonly multiRegion: boolean;
  readonly organizationTrail: boolean;
  readonly logFileValidation: boolean;
  /** KMS key the trail's log files are encrypted with (SSE-KMS); null means SSE-S3 only. */
  readonly kmsKeyId: string | null;
  /** GetTrailStatus IsLogging; null when the status could not be read. */
  readonly isLogging: boolean | null;
  /** CloudWatch Logs group the trail delivers to, as a name; null when none. */
  readonly logGroupName: string | null;
  /** The trail records management events of both kinds, read and write (GetEventSelectors). null: unknown. */
  readonly allManagementEvents: boolean | null;
}

export interface MetricFilterFacts {
  readonly name: string;
  readonly logGroupName: string;
  readonly pattern: string;
  readonly metrics: readonly { readonly namespace: string; readonly name: string }[];
}

export interface AlarmFacts {
  readonly name: string;
  readonly arn: string;
  /** Every metric the alarm watches (one for a metric alarm, several for metric math). */
  readonly metrics: readonly { readonly namespace: string; readonly name: string }[];
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
}

export interface TopicFacts {
  readonly arn: string;
  /** Subscriptions whose SubscriptionArn is a real ARN (not `PendingConfirmation`). */
  readonly confirmedSubscriptions: number;
  readonly pendingSubscriptions: number;
  /** Why the subscriptions could not be listed (topic of another account, access denied); null when listed. */
  readonly error: string | null;
}

export interface AuditConfiguration {
  readonly region: string;
  readonly trails: readonly TrailFacts[];
  /** Metric filters of the log groups the trails deliver to. */
  readonly metricFilters: readonly MetricFilterFacts[];
  readonly alarms: readonly AlarmFacts[];
  readonly topics: readonly TopicFacts[];
}

/**
 * Trails that satisfy the CIS 3.x precondition Security Hub checks before the filters: multi-region,
 * logging, all management events, delivering to CloudWatch Logs.
 */
export function cisQualifyingTrails(config: AuditConfiguration): TrailFacts[] {
  return config.trails.filter((t) => t.multiRegion && t.isLogging === true && t.allManagementEvents === true && t.logGroupName !== null);
}
