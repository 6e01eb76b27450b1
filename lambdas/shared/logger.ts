import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per function. Callers log identifiers (ARNs, names, steps), never
 * values; pass anything that might hold one through `redactText()` first.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
}
