// `warden rotate NAME [--wait]`: RotateSecret now; --wait follows the rotation step by step from
// the rotation function's structured log lines (found by the ClientRequestToken every step logs)
// and the version stages, until it succeeds, fails or times out. Ctrl-C stops waiting only: the
// rotation goes on in AWS.
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeSecretCommand, RotateSecretCommand, type DescribeSecretCommandOutput } from '@aws-sdk/client-secrets-manager';
import { callAws } from '../aws';
import { confirmChange, openSession, resolveName, unknownSecret, type Session } from '../context';
import { CliError, EXIT_INTERRUPTED, failedError, QuietExit, safetyError, usageError } from '../errors';
import { accountSecretNames, secretsManagerClient } from '../secrets-client';

interface RotateOptions {
  wait?: boolean;
  timeout: string;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
}

/** The version AWSPENDING sits on while it is not AWSCURRENT: a rotation in progress. */
export function openPending(versions: Record<string, string[]> | undefined): string | undefined {
  return Object.entries(versions ?? {}).find(([, stages]) => stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT'))?.[0];
}

export async function describeOrSuggest(session: Session, name: string): Promise<DescribeSecretCommandOutput> {
  const client = secretsManagerClient(session);
  const { stored } = resolveName(session.view, name);
  try {
    return await callAws('secretsmanager:DescribeSecret', stored, () => client.send(new DescribeSecretCommand({ SecretId: stored })));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') throw unknownSecret(session, name, await accountSecretNames(client), error);
    throw error;
  }
}

interface StepLine {
  step: string;
  outcome: string;
  durationMs?: number;
  error?: string;
}

/** The rotation function's log group (Lambda's LoggingConfig, else the default /aws/lambda/<name>). */
async function logGroupOf(session: Session, functionArn: string): Promise<string> {
  const name = functionArn.split(':')[6] ?? functionArn;
  try {
    const config = await new LambdaClient(session.config).send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
    return config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;
  } catch {
    return `/aws/lambda/${name}`;
  }
}

async function follow(session: Session, secretId: string, token: string, functionArn: string, timeoutSeconds: number): Promise<void> {
  const { out } = session;
  const c = out.color;
  const logs = new CloudWatchLogsClient(session.config);
  const sm = secretsManagerClient(session);
  const group = await logGroupOf(session, functionArn);
  const pollMs = Number(process.env.WARDEN_POLL_INTERVAL_MS ?? 2000);
  const started = Date.now();
  const seen = new Set<string>();
  /** Steps whose line has been shown. */
  const finished = new Set<string>();
  let logsUnavailable = false;
  let interrupted = false;
  let wake: () => void = () => {};
  const onSigint = () => {
    interrupted = true;
    wake();
  };
  process.on('SIGINT', onSigint);
  out.note(`waiting for the rotation of ${secretId} (version ${token}); Ctrl-C stops waiting, not the rotation`);
  try {
    /** The step lines logged for this token since the last read. */
    const readSteps = async (): Promise<void> => {
      if (!logsUnavailable) {
        try {
          const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: `{ $.clientRequestToken = "${token}" }`, startTime: started - 60_000 }));
          for (const event of page.events ?? []) {
            if (seen.has(event.eventId ?? '')) continue;
            seen.add(event.eventId ?? '');
            let line: StepLine;
            try {
              line = JSON.parse(event.message ?? '{}') as StepLine;
            } catch {
              continue;
            }
            if (!line.step) continue;
            const duration = line.durationMs === undefined ? '' : c.dim(` (${line.durationMs} ms)`);
            if (line.outcome === 'failed') {
              out.note(`${c.red('✗')} ${line.step} failed${duration}: ${line.error ?? 'no message'}`);
              throw failedError(
                `the rotation of ${secretId} failed at ${line.step}`,
                `Secrets Manager retries it; see docs/runbooks.md#rotation-failed and \`npx warden history ${secretId}\`. To undo a rotation that completed: \`npx warden rollback\`.`,
              );
            }
            finished.add(line.step);
            out.note(`${c.green('✓')} ${line.step} ${line.outcome}${duration}`);
          }
        } catch (error) {
          if (error instanceof CliError) throw error;
          logsUnavailable = true;
          out.warn(`cannot read the rotation function's logs (${(error as Error).name}: ${(error as Error).message}); following the version stages only`);
        }
      }
    };
    for (;;) {
      await readSteps();
      const description = await callAws('secretsmanager:DescribeSecret', secretId, () => sm.send(new DescribeSecretCommand({ SecretId: secretId })));
      const stages = description.VersionIdsToStages?.[token] ?? [];
      if (stages.includes('AWSCURRENT') && !stages.includes('AWSPENDING')) {
        // finishSecret logs after it moved the stage, and log delivery lags: read on a little
        // (at most three more polls) until its line shows, so the last step is not left out.
        for (let extra = 0; extra < 3 && !logsUnavailable && !finished.has('finishSecret'); extra += 1) {
          await readSteps();
          if (!finished.has('finishSecret')) await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, 1000)));
        }
        out.note(`${c.green('rotated')}: version ${token} is AWSCURRENT`);
        return;
      }
      if (stages.length === 0 && !(token in (description.VersionIdsToStages ?? {}))) {
        throw failedError(`the rotation of ${secretId} was abandoned: version ${token} is gone`, `See docs/runbooks.md#rotation-abandoned and \`npx warden history ${secretId}\`.`);
      }
      if (Date.now() - started > timeoutSeconds * 1000) {
        throw failedError(`the rotation of ${secretId} has not finished after ${timeoutSeconds} s (version ${token}: ${stages.join(', ') || 'no stage'})`, `It goes on in AWS; follow it with \`npx warden history ${secretId}\`.`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (interrupted) {
        out.note(`stopped waiting; the rotation of ${secretId} goes on (\`npx warden history ${secretId}\` follows it)`);
        throw new QuietExit(EXIT_INTERRUPTED);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export function register(program: Command): void {
  program
    .command('rotate')
    .description('rotate a secret now (RotateSecret); --wait follows each step until it succeeds or fails')
    .argument('<name>', 'catalog name, stored name or ARN')
    .option('--wait', 'follow the rotation step by step')
    .option('--timeout <seconds>', 'with --wait: give up waiting after this long', '900')
    .option('--dry-run', 'show what would happen and change nothing')
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .addHelpText('after', '\nExamples:\n  $ npx warden rotate payments/db-app --env prod --wait\n  $ npx warden rotate orders/signing-key --env staging --yes')
    .action(async (name: string, options: RotateOptions, command: Command) => {
      const timeout = Number(options.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) throw usageError(`--timeout ${options.timeout}: not a number of seconds`, 'Pass a positive number, e.g. --timeout 600.');
      const session = await openSession(command, { liveAccountCheck: true });
      const { out } = session;
      const description = await describeOrSuggest(session, name);
      const secretId = description.ARN ?? name;
      const label = description.Name ?? name;
      if (!description.RotationLambdaARN) {
        throw failedError(`${label} has no rotation function: nothing can rotate it`, 'Managed secrets get one from the stack (npx cdk deploy); an external secret is rotated by a person: see docs/runbooks.md.');
      }
      const pending = openPending(description.VersionIdsToStages);
      if (pending) {
        throw safetyError(`a rotation of ${label} is already in progress (AWSPENDING on version ${pending})`, `Let it finish or fail (\`npx warden history ${label}\`); Secrets Manager refuses a second one.`);
      }
      if (options.dryRun) {
        out.line(`would rotate ${label} now with ${description.RotationLambdaARN} (dry run: nothing changed)`);
        return;
      }
      await confirmChange(out, `rotate ${label} in ${session.environment.name} now`, options);
      const token = randomUUID();
      const client = secretsManagerClient(session);
      const started = await callAws('secretsmanager:RotateSecret', label, () => client.send(new RotateSecretCommand({ SecretId: secretId, ClientRequestToken: token, RotateImmediately: true })));
      out.note(`rotation of ${label} started: version ${started.VersionId ?? token}`);
      if (!options.wait) {
        out.line(started.VersionId ?? token);
        return;
      }
      await follow(session, secretId, started.VersionId ?? token, description.RotationLambdaARN, timeout);
      out.line(started.VersionId ?? token);
    });
}
