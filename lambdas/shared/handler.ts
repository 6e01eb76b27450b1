// The one way a warden function is wired: middy with Powertools Logger (Lambda context, cold start,
// state cleared per invocation) and Powertools Metrics (EMF in the `SecretsWarden` namespace,
// `Environment` as the only default dimension, flushed when the handler returns or throws).
// Dependencies (clients, configuration) are built once per cold start by `init`.

import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createLogger } from './logger';
import { createMetrics } from './metrics';

interface FunctionTools {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

interface HandlerOptions<TDeps> {
  /** `service` in every log line; also the Powertools service name. */
  readonly service: string;
  /** Builds the clients and reads the configuration, once per cold start. */
  readonly init: (tools: FunctionTools, context: Context | undefined) => TDeps;
  /**
   * `module` (default): at import, so a bad setting fails the function's init with the setting's
   * name before any event is handled. `first-call`: on the first invocation, for functions whose
   * dependencies need the invocation context (account from the function ARN) or whose module must
   * import without its environment (bundle tests).
   */
  readonly initAt?: 'module' | 'first-call';
}

export function wardenHandler<TEvent, TResult, TDeps>(
  options: HandlerOptions<TDeps>,
  handle: (event: TEvent, deps: TDeps, context: Context | undefined, tools: FunctionTools) => Promise<TResult>,
) {
  const tools: FunctionTools = { logger: createLogger(options.service), metrics: createMetrics(options.service) };
  let deps: TDeps | undefined = options.initAt === 'first-call' ? undefined : options.init(tools, undefined);
  return middy(async (event: TEvent, context?: Context): Promise<TResult> => {
    deps ??= options.init(tools, context);
    return handle(event, deps, context, tools);
  })
    .use(injectLambdaContext(tools.logger, { clearState: true }))
    .use(logMetrics(tools.metrics));
}
