/** Error codes AWS services use for rate limiting (the SDK's own list of throttling errors). */
const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded', 'BandwidthLimitExceeded',
  'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete', 'EC2ThrottledException',
]);

/** True for an AWS rate-limit error, by name, by the SDK's retryable-throttling flag, or by HTTP 429. */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = error as Error & { $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  return THROTTLING.has(error.name) || meta.$retryable?.throttling === true || meta.$metadata?.httpStatusCode === 429;
}
