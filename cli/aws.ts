// AWS plumbing for the CLI: client configuration from the SDK's default chain (AWS_PROFILE,
// --profile, SSO, environment variables, AWS_ENDPOINT_URL*), retries with backoff (throttling
// included), the STS account check that runs before anything touches an account, and the
// translation of SDK failures into CliErrors that name the refused action and what to do.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { HandlerExecutionContext, InitializeMiddleware } from '@smithy/types';
import type { Environment } from '../lib/catalog';
import { isThrottling } from '../lambdas/shared/throttling';
import { awsError, safetyError } from './errors';
import type { GlobalOptions } from './main';

/** Attempts per AWS call: the SDK retries throttling and transient errors with exponential backoff and jitter. */
const MAX_ATTEMPTS = 8;

export interface ClientConfig {
  readonly region: string;
  readonly profile?: string;
  readonly maxAttempts: number;
}

export function clientConfig(globals: GlobalOptions, environment: Environment): ClientConfig {
  if (!globals.debug) {
    // The SDK's notice about future Node versions is not the operator's business on every run.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  }
  const region = globals.region ?? process.env.AWS_REGION ?? environment.region ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return { region, ...(globals.profile ? { profile: globals.profile } : {}), maxAttempts: MAX_ATTEMPTS };
}

const CREDENTIALS_MISSING = new Set(['CredentialsProviderError', 'ProviderError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'RequestExpired']);
const BAD_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'TimeoutError']);

const PROFILE_HINT = 'Set AWS_PROFILE or --profile (run `aws sso login` for SSO), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';

/**
 * Runs one AWS call. `action` is the IAM action (`secretsmanager:GetSecretValue`), `subject` what
 * it was for (a secret name). Credentials, expiry, AccessDenied, throttling after every retry and
 * an unreachable endpoint become exit-3 CliErrors; anything else (e.g. ResourceNotFoundException)
 * is the caller's to interpret and is rethrown as is.
 */
export async function callAws<T>(action: string, subject: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateAwsError(error, action, subject) ?? error;
  }
}

export function translateAwsError(error: unknown, action: string, subject: string): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const name = error.name;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (CREDENTIALS_MISSING.has(name) || /Could not load credentials/i.test(error.message)) {
    return awsError(`no AWS credentials found for ${action}`, PROFILE_HINT, error);
  }
  if (EXPIRED.has(name)) {
    return awsError(`AWS credentials expired (${action} on ${subject} refused with ${name})`, 'Refresh them (`aws sso login`, or a new session) and run the command again.', error);
  }
  if (BAD_CREDENTIALS.has(name)) {
    return awsError(`AWS did not accept the credentials (${name}) for ${action}`, `Check the access key / profile in use. ${PROFILE_HINT}`, error);
  }
  if (DENIED.has(name)) {
    return awsError(`AWS refused ${action} on ${subject} (access denied)`, `Grant ${action} on that resource to your role, or use the environment's admin role (--profile).`, error);
  }
  if (isThrottling(error) || (error.name === 'ThrottledError' && isThrottling(error.cause))) {
    return awsError(`AWS kept throttling ${action} on ${subject} after ${MAX_ATTEMPTS} attempts with backoff`, 'Wait a minute and run it again; other tools may be using the same quota.', error);
  }
  if (UNREACHABLE.has(code) || UNREACHABLE.has(name) || (error as { $metadata?: unknown }).$metadata === undefined && /connect|socket|network/i.test(error.message)) {
    return awsError(`cannot reach AWS for ${action} (${code || name})`, 'Check the network, the region (--region) and any AWS_ENDPOINT_URL* setting.', error);
  }
  return undefined;
}

/**
 * STS GetCallerIdentity; refuses (exit 4) unless the caller's account is the environment's
 * `account`, naming both. Runs before anything reads or changes an account.
 */
export async function checkAccount(config: ClientConfig, environment: Environment): Promise<{ account: string; arn: string }> {
  const sts = new STSClient(config);
  const identity = await callAws('sts:GetCallerIdentity', 'the caller', () => sts.send(new GetCallerIdentityCommand({})));
  const account = identity.Account ?? '';
  if (environment.account && account !== environment.account) {
    throw safetyError(
      `your credentials are for account ${account}, but environment ${environment.name} is account ${environment.account}: refusing to touch it`,
      `Use credentials for ${environment.account} (--profile), or pick the environment of ${account} with --env.`,
    );
  }
  return { account, arn: identity.Arn ?? '' };
}

/** The IAM action a failed SDK call was for, set by `namingActions` (walks the cause chain). */
export function actionOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 6; depth += 1) {
    const action = (current as { wardenAction?: unknown }).wardenAction;
    if (typeof action === 'string') return action;
    current = current.cause;
  }
  return undefined;
}

interface MiddlewareClient {
  readonly middlewareStack: { add(middleware: InitializeMiddleware<object, object>, options: { step: 'initialize'; name: string }): void };
}

/**
 * Marks every error of `client`'s calls with the IAM action it was for (`<prefix>:<Operation>`),
 * so a failure deep inside a shared core (the inventory scan, the compliance report) still
 * reaches the operator as "AWS refused lambda:ListFunctions". Every action the CLI uses is named
 * after its operation.
 */
export function namingActions<C extends MiddlewareClient>(client: C, prefix: string): C {
  client.middlewareStack.add(
    (next, context: HandlerExecutionContext) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && context.commandName) {
          Object.defineProperty(error, 'wardenAction', { value: `${prefix}:${context.commandName.replace(/Command$/, '')}`, enumerable: false, configurable: true });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'wardenActionName' },
  );
  return client;
}
