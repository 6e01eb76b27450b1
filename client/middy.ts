// secrets-warden/client/middy: a middy middleware that puts named secrets on the Lambda context
// before the handler runs. Every invocation reads through the same cache, so values follow the
// cache's rules (TTL with jitter, change checks, stale-if-error) and a rotation reaches a warm
// function within the freshness bound (5 s by default); the handler gets SecretValue wrappers that print masked.
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { SecretsConfigError } from './errors';
import type { SecretValue } from './secret-value';
import type { Secrets } from './secrets';

export interface SecretsMiddlewareOptions<K extends string> {
  readonly secrets: Secrets;
  /** Context property -> catalog name, e.g. { db: 'payments/db-app' } sets context.db. */
  readonly load: Readonly<Record<K, string>>;
}

export type SecretsContext<K extends string> = Context & { readonly [P in K]: SecretValue };

export function secretsMiddleware<K extends string, TEvent = unknown, TResult = unknown>(
  options: SecretsMiddlewareOptions<K>,
): MiddlewareObj<TEvent, TResult, Error, SecretsContext<K>> {
  const entries = Object.entries(options?.load ?? {}) as [K, string][];
  if (entries.length === 0) {
    throw new SecretsConfigError('load', 'names no secret', 'map a context property to a catalog name, e.g. { load: { db: "payments/db-app" } }');
  }
  return {
    before: async (request) => {
      const { awsRequestId, functionName } = request.context;
      const audit = { context: { awsRequestId, functionName } };
      const values = await Promise.all(entries.map(([, name]) => options.secrets.get(name, audit)));
      const context = request.context as unknown as Record<string, SecretValue>;
      entries.forEach(([key], i) => {
        context[key] = values[i]!;
      });
    },
  };
}
