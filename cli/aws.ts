// AWS plumbing for the CLI: client configuration from the SDK's default chain (AWS_PROFILE,
// --profile, SSO, environment variables, AWS_ENDPOINT_URL*), retries with backoff (throttling
// included), the STS account check that runs before anything touches an account, and the
// translation of SDK failures into CliErrors that name the refused action and what to do.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HandlerExecutionContext, InitializeMiddleware } from '@smithy/types';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../lib/catalog/types';
import { isThrottling } from '../lambdas/shared/throttling';
import type { CliCache } from './cache';
import { awsError, causeChain, safetyError } from './errors';
import type { GlobalOptions } from './main';

/** Attempts per AWS call: the SDK retries throttling and transient errors with exponential backoff and jitter. */
const MAX_ATTEMPTS = 8;

export interface ClientConfig {
  readonly region: string;
  readonly profile?: string;
  readonly maxAttempts: number;
  /**
   * The SDK's default credential chain (the one each client would build itself, for the same
   * profile), built once and shared by every client of the command: credentials are resolved
   * once (one SSO token read, one AssumeRole) and the account check knows the access key id.
   */
  readonly credentials: AwsCredentialIdentityProvider;
}

export function clientConfig(globals: GlobalOptions, environment: Environment): ClientConfig {
  if (!globals.debug) {
    // The SDK's notice about future Node versions is not the operator's business on every run.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  }
  const region = globals.region ?? process.env.AWS_REGION ?? environment.region ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const profile = globals.profile ? { profile: globals.profile } : {};
  return { region, ...profile, maxAttempts: MAX_ATTEMPTS, credentials: defaultProvider({ ...profile, parentClientConfig: { region, ...profile } }) };
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
  const raw = (error as { $response?: { statusCode?: number; headers?: Record<string, string | undefined> } }).$response;
  if (raw !== undefined && /Deserialization error/.test(error.message)) {
    // The SDK could not read the answer at all (HTML, say): a compatible server that does not serve
    // this operation (moto answers CloudTrail LookupEvents with an HTML 500 page), or a proxy.
    const type = raw.headers?.['content-type'] ?? 'no content type';
    return awsError(
      `the answer to ${action} on ${subject} is not one AWS sends (HTTP ${raw.statusCode ?? '?'}, ${type})`,
      'An AWS_ENDPOINT_URL* setting may point at a server that does not serve this call, or a proxy answered: check that endpoint.',
      error,
    );
  }
  if (UNREACHABLE.has(code) || UNREACHABLE.has(name) || (error as { $metadata?: unknown }).$metadata === undefined && /connect|socket|network/i.test(error.message)) {
    return awsError(`cannot reach AWS for ${action} (${code || name})`, 'Check the network, the region (--region) and any AWS_ENDPOINT_URL* setting.', error);
  }
  return undefined;
}

export interface Caller {
  readonly account: string;
  readonly arn: string;
}

export interface AccountCheckOptions {
  /** Where verified (access key id -> account) answers are kept; none: ask STS every time. */
  readonly cache?: CliCache;
  /** Ask STS even on a cache hit (and refresh the entry). */
  readonly live?: boolean;
  readonly now?: () => number;
}

/**
 * Refuses (exit 4) unless the caller's account is the environment's `account`, naming both. Runs
 * before anything reads or changes an account.
 *
 * The account comes from STS GetCallerIdentity, or from the cache of an earlier GetCallerIdentity
 * answer for the same access key id: an access key id belongs to exactly one account for its
 * whole life. AWS documents it for GetAccessKeyInfo: "When you pass an access key ID to this
 * operation, it returns the ID of the AWS account to which the keys belong" (STS API Reference,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html); and
 * GetCallerIdentity returns "the AWS account ID number of the account that owns or contains the
 * calling entity" (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 * The comparison with the catalog runs on every call, hit or miss: the cache holds what STS said,
 * never a verdict, so a refusal can never be replayed as a pass. Credentials are resolved through
 * the default chain either way; a key that is no longer valid fails the command's first real call.
 * On a hit the STS client is not even loaded.
 */
export async function checkAccount(config: ClientConfig, environment: Environment, options: AccountCheckOptions = {}): Promise<Caller> {
  const now = options.now ?? Date.now;
  const credentials = await callAws('sts:GetCallerIdentity', 'the caller', () => config.credentials());
  const name = identityCacheName(credentials, config);
  let caller = options.cache && !options.live ? cachedCaller(options.cache, name) : undefined;
  if (!caller) {
    const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
    const sts = new STSClient(config);
    const identity = await callAws('sts:GetCallerIdentity', 'the caller', () => sts.send(new GetCallerIdentityCommand({})));
    caller = { account: identity.Account ?? '', arn: identity.Arn ?? '' };
    const expires = identityExpiry(credentials, now());
    if (options.cache && expires !== undefined && ACCOUNT_ID.test(caller.account)) options.cache.write(IDENTITY_KIND, name, name, caller, expires);
  }
  if (environment.account && caller.account !== environment.account) {
    throw safetyError(
      `your credentials are for account ${caller.account}, but environment ${environment.name} is account ${environment.account}: refusing to touch it`,
      `Use credentials for ${environment.account} (--profile), or pick the environment of ${caller.account} with --env.`,
    );
  }
  return caller;
}

const IDENTITY_KIND = 'identity';
const ACCOUNT_ID = /^\d{12}$/;
const HOUR = 3600 * 1000;
/** Long-term keys (AKIA...): the answer never changes; the expiry only bounds the file's age. */
const LONG_TERM_MAX_AGE = 7 * 24 * HOUR;
/** Temporary credentials (ASIA..., or any with an expiry): at most their own life, and never over an hour. */
const TEMPORARY_MAX_AGE = HOUR;
/** Temporary credentials whose expiry the provider does not say. */
const TEMPORARY_UNKNOWN_EXPIRY = 15 * 60 * 1000;

function isTemporary(credentials: AwsCredentialIdentity): boolean {
  return credentials.sessionToken !== undefined || credentials.expiration !== undefined || credentials.accessKeyId.startsWith('ASIA');
}

/** When a verified answer for these credentials stops being used; undefined: do not store it. */
function identityExpiry(credentials: AwsCredentialIdentity, now: number): number | undefined {
  if (!isTemporary(credentials)) return now + LONG_TERM_MAX_AGE;
  const expiration = credentials.expiration?.getTime();
  if (expiration === undefined) return now + TEMPORARY_UNKNOWN_EXPIRY;
  const expires = Math.min(expiration, now + TEMPORARY_MAX_AGE);
  return expires > now ? expires : undefined;
}

/**
 * What the cached answer is for: the access key id, and what decides which STS answers for it
 * (region, profile, endpoint overrides, the shared config file's identity and age), so a local
 * STS-compatible endpoint, whose accounts are its own, never shares an answer with another
 * endpoint or with AWS. Hashed into the file name (cli/cache.ts): no key id is written anywhere.
 */
function identityCacheName(credentials: AwsCredentialIdentity, config: ClientConfig): string {
  const env = process.env;
  const configFile = env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
  let configStamp = 'absent';
  try {
    const stat = statSync(configFile);
    configStamp = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    // No shared config file: nothing there can point STS elsewhere.
  }
  return JSON.stringify([
    credentials.accessKeyId,
    config.region,
    config.profile ?? env.AWS_PROFILE ?? '',
    env.AWS_ENDPOINT_URL_STS ?? '',
    env.AWS_ENDPOINT_URL ?? '',
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '',
    configFile,
    configStamp,
  ]);
}

function cachedCaller(cache: CliCache, name: string): Caller | undefined {
  const value = cache.read(IDENTITY_KIND, name, name, LONG_TERM_MAX_AGE) as Partial<Caller> | undefined;
  if (typeof value !== 'object' || value === null || typeof value.account !== 'string' || !ACCOUNT_ID.test(value.account) || typeof value.arn !== 'string') return undefined;
  return { account: value.account, arn: value.arn };
}

/** The IAM action a failed SDK call was for, set by `namingActions` (walks the cause chain). */
export function actionOf(error: unknown): string | undefined {
  for (const current of causeChain(error)) {
    const action = (current as { wardenAction?: unknown }).wardenAction;
    if (typeof action === 'string') return action;
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
