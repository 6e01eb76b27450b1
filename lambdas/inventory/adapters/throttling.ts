import { ThrottledError } from '../core/ports';

/** Error codes AWS services use for rate limiting (the SDK's own list of throttling errors). */
const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded', 'BandwidthLimitExceeded',
  'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete', 'EC2ThrottledException',
]);

export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = error as Error & { $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  return THROTTLING.has(error.name) || meta.$retryable?.throttling === true || meta.$metadata?.httpStatusCode === 429;
}

/** Runs an SDK call, turning throttling into ThrottledError so the core's limiter backs off. */
export async function throttleAware<T>(operation: string, resource: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isThrottling(error)) throw new ThrottledError(operation, resource, { cause: error });
    throw error;
  }
}
