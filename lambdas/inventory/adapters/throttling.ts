import { isThrottling } from '../../shared/throttling';
import { ThrottledError } from '../ports';

/** Runs an SDK call, turning throttling into ThrottledError so the core's limiter backs off. */
export async function throttleAware<T>(operation: string, resource: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isThrottling(error)) throw new ThrottledError(operation, resource, { cause: error });
    throw error;
  }
}
