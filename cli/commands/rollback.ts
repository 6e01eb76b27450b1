// `warden rollback NAME`: AWSPREVIOUS becomes current again and the database accepts it. The work
// runs where rotation runs: the secret's rotation function, invoked through its `rollback` alias
// with the `warden:rollback` action (the alias's resource policy allows only the environment's
// admin role; the function refuses the action through any other ARN). A secret without a rotation
// function (external) only has its labels moved, by the same core, from here.
import type { Command } from 'commander';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { rollbackAliasArn } from '../../contract/rollback';
import { ROLLBACK_ACTION, ROLLED_BACK_LABEL, rollback, RollbackError, type RollbackEvent, type RollbackResult } from '../../lambdas/rotation/core/rollback';
import { secretsManagerStore } from '../../lambdas/rotation/secrets-manager';
import { callAws } from '../aws';
import { confirmChange, openSession } from '../context';
import { failedError, safetyError } from '../errors';
import { secretsManagerClient } from '../secrets-client';
import { describeOrSuggest, openPending } from './rotate';

interface RollbackOptions {
  force?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('rollback')
    .description('make AWSPREVIOUS current again and make the database accept it (crash-safe, idempotent)')
    .argument('<name>', 'catalog name, stored name or ARN')
    .option('--force', 'roll back although a rotation is in progress (abandons it: AWSPENDING is taken off)')
    .option('--dry-run', 'show what would happen and change nothing')
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--json', 'machine-readable result (docs/cli.md)')
    .addHelpText('after', '\nExamples:\n  $ npx warden rollback payments/db-app --env prod\n  $ npx warden rollback payments/db-app --env prod --dry-run')
    .action(async (name: string, options: RollbackOptions, command: Command) => {
      const session = await openSession(command, { liveAccountCheck: true });
      const { out } = session;
      const description = await describeOrSuggest(session, name);
      const label = description.Name ?? name;
      const arn = description.ARN ?? name;
      const versions = description.VersionIdsToStages ?? {};
      const holder = (stage: string) => Object.entries(versions).find(([, stages]) => stages.includes(stage))?.[0];
      const current = holder('AWSCURRENT');
      const previous = holder('AWSPREVIOUS');
      if (!previous) {
        throw failedError(`${label} has no AWSPREVIOUS version: there is nothing to roll back to`, `\`npx warden history ${name}\` shows its versions; nothing was changed.`);
      }
      if (versions[previous]?.includes(ROLLED_BACK_LABEL)) {
        out.note(`${label} is already rolled back (AWSCURRENT ${current}); nothing to do`);
        if (options.json) out.json({ outcome: 'already-done', secretArn: arn, fromVersionId: previous, toVersionId: current, database: 'not-checked', pendingRemoved: null });
        return;
      }
      const pending = openPending(versions);
      if (pending && !options.force) {
        throw safetyError(`a rotation of ${label} is in progress (AWSPENDING on version ${pending}): refusing to roll back`, 'Let it finish or fail (`npx warden rotate --wait` / `history`), or pass --force to abandon it and roll back.');
      }
      const where = description.RotationLambdaARN ? `through ${rollbackAliasArn(description.RotationLambdaARN)}` : 'labels only (no rotation function: no database to restore)';
      if (options.dryRun) {
        out.line(`would roll back ${label}: AWSCURRENT ${current} -> ${previous}${pending ? `, abandoning the rotation of ${pending}` : ''}, ${where} (dry run: nothing changed)`);
        return;
      }
      await confirmChange(out, `roll back ${label} in ${session.environment.name} to version ${previous}`, options);
      const event: RollbackEvent = { action: ROLLBACK_ACTION, secretId: arn, force: options.force === true, dryRun: false };
      let result: RollbackResult;
      if (description.RotationLambdaARN) {
        const functionArn = rollbackAliasArn(description.RotationLambdaARN);
        // Retrying is safe: the action is idempotent.
        const lambda = new LambdaClient(session.config);
        const response = await callAws('lambda:InvokeFunction', functionArn, () =>
          lambda.send(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) })),
        );
        const payload = response.Payload ? Buffer.from(response.Payload).toString('utf8') : 'null';
        if (response.FunctionError) {
          let message = payload;
          try {
            message = String((JSON.parse(payload) as { errorMessage?: string }).errorMessage ?? payload);
          } catch {
            // keep the raw payload (the function never puts a value in an error)
          }
          throw failedError(`the rollback of ${label} failed: ${message}`, `Nothing moved unless the message says so; fix the cause and run \`npx warden rollback ${name}\` again (it finishes the job). See docs/runbooks.md#rollback.`);
        }
        result = JSON.parse(payload) as RollbackResult;
      } else {
        result = await callAws('secretsmanager:UpdateSecretVersionStage', label, () => rollback(event, { store: secretsManagerStore(secretsManagerClient(session)) })).catch((error: unknown) => {
          if (error instanceof RollbackError) throw failedError(error.message, `Run \`npx warden rollback ${name}\` again once fixed (it finishes the job). See docs/runbooks.md#rollback.`, error);
          throw error;
        });
      }
      if (options.json) {
        out.json(result);
        return;
      }
      const c = out.color;
      out.line(
        result.outcome === 'already-done'
          ? `${label} is already rolled back; nothing changed`
          : `${c.green('rolled back')} ${label}: AWSCURRENT ${result.fromVersionId} -> ${result.toVersionId}; database: ${result.database}${result.pendingRemoved ? `; abandoned rotation ${result.pendingRemoved}` : ''}`,
      );
    });
}
