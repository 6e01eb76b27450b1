// `warden doctor`: is this machine and this environment ready? One line per check, ok or fail, and
// on fail the fix: credentials resolve (STS), the account and region are the environment's, its
// stacks are deployed (status, version), the rotation functions named in the stack outputs exist,
// and the alert topic has at least one confirmed subscription (PendingConfirmation receives nothing).
// Read-only; with the wrong account it stops after saying so, touching nothing there. Exit 1 when
// any check fails.
import type { Command } from 'commander';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { version } from '../../package.json';
import { topicFacts } from '../../lambdas/compliance/adapters/audit-configuration-reader';
import { checkAccount, callAws, clientConfig, type Caller, type ClientConfig } from '../aws';
import { catalogPathOf, environmentOf, globalsOf, loadCliCatalog } from '../context';
import { CliError, EXIT, QuietExit } from '../errors';
import { Output } from '../output';
import { describeDeployedStack, environmentStackNames, stackHealth, type DeployedStack } from '../stack';

type Status = 'ok' | 'fail' | 'skipped';

/** One line of `doctor --json` (docs/cli.md). */
export interface DoctorCheck {
  check: string;
  status: Status;
  detail: string;
  /** What to do, on fail; null otherwise. */
  fix: string | null;
}

/** `doctor --json` (docs/cli.md). */
export interface DoctorDocument {
  environment: string;
  region: string;
  /** The caller's account, when the credentials resolved. */
  account: string | null;
  /** This checkout's version; each stack check's detail names the deployed one. */
  version: string;
  ok: boolean;
  checks: DoctorCheck[];
}

const ok = (check: string, detail: string): DoctorCheck => ({ check, status: 'ok', detail, fix: null });
const fail = (check: string, detail: string, fix: string): DoctorCheck => ({ check, status: 'fail', detail, fix });
/** An AWS refusal (the CliError's message names the action) as a failed check. */
const refused = (check: string, error: unknown): DoctorCheck => {
  if (!(error instanceof CliError)) throw error;
  return fail(check, error.message, error.hint ?? 'Run again with --debug for details.');
};

function stackCheck(name: string, stack: DeployedStack | null, environment: string): DoctorCheck {
  const deploy = `Deploy it: \`npx cdk deploy -c env=${environment} ${name}\` (docs/deploying.md).`;
  if (!stack) return fail(`stack ${name}`, 'not deployed in this account and region', deploy);
  const deployed = stack.outputs.Version ?? stack.tags['warden:version'];
  const versionText = deployed ? `version ${deployed}${deployed === version ? '' : ` (this checkout: ${version})`}` : 'version unknown (deployed before the Version output)';
  const health = stackHealth(stack.status);
  if (health === 'in-progress') return fail(`stack ${name}`, `${stack.status}: a deployment is under way`, `Wait for it to finish (\`aws cloudformation describe-stack-events --stack-name ${name}\`), then run doctor again.`);
  if (health === 'failed') {
    return fail(`stack ${name}`, `${stack.status}${stack.reason ? ` (${stack.reason})` : ''}: the last deployment did not complete`, `Read why in \`aws cloudformation describe-stack-events --stack-name ${name}\`, fix it, and deploy again (ROLLBACK_COMPLETE stacks must be deleted first).`);
  }
  return ok(`stack ${name}`, `${stack.status}, ${versionText}`);
}

async function rotationChecks(config: ClientConfig, stack: DeployedStack, environment: string): Promise<DoctorCheck[]> {
  const outputs = Object.entries(stack.outputs).filter(([key]) => /^Rotation\w*FunctionName$/.test(key));
  if (outputs.length === 0) return [ok('rotation functions', `${stack.name} declares none (no secret of ${environment} rotates)`)];
  const lambda = new LambdaClient(config);
  const checks: DoctorCheck[] = [];
  for (const [key, name] of outputs) {
    const check = `rotation function ${name}`;
    try {
      const fn = await callAws('lambda:GetFunction', name, () => lambda.send(new GetFunctionCommand({ FunctionName: name })));
      const state = fn.Configuration?.State;
      if (state === 'Failed' || state === 'Inactive') {
        checks.push(fail(check, `state ${state}${fn.Configuration?.StateReason ? ` (${fn.Configuration.StateReason})` : ''}`, `See the function in the Lambda console; redeploy ${stack.name} if it stays ${state}.`));
      } else {
        checks.push(ok(check, `present (${key}${state ? `, ${state}` : ''})`));
      }
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') {
        checks.push(fail(check, `named by the stack output ${key} but not found`, `Redeploy: \`npx cdk deploy -c env=${environment} ${stack.name}\`.`));
      } else {
        checks.push(refused(check, error));
      }
    }
  }
  return checks;
}

async function alertTopicCheck(config: ClientConfig, stack: DeployedStack, environment: string): Promise<DoctorCheck> {
  const arn = stack.outputs.AlertTopicArn;
  if (!arn) return fail('alert topic', `${stack.name} has no AlertTopicArn output`, `Redeploy with this version: \`npx cdk deploy -c env=${environment} ${stack.name}\`.`);
  const topic = await topicFacts(new SNSClient(config), arn);
  if (topic.error) return fail('alert topic', `cannot list the subscriptions of ${arn}: ${topic.error}`, `Grant sns:ListSubscriptionsByTopic on ${arn} to your role, or check the topic exists (redeploy ${stack.name}).`);
  if (topic.confirmedSubscriptions === 0) {
    const pending = topic.pendingSubscriptions > 0 ? `, ${topic.pendingSubscriptions} pending confirmation` : '';
    return fail(
      'alert topic',
      `no confirmed subscription${pending}: alarms and alerts reach nobody`,
      topic.pendingSubscriptions > 0
        ? 'Confirm the subscription: open the link in the "AWS Notification - Subscription Confirmation" email sent to each address (a pending subscription receives nothing).'
        : `Add an address under environments.${environment}.alerts in the catalog and deploy, then confirm the email AWS sends.`,
    );
  }
  return ok('alert topic', `${topic.confirmedSubscriptions} confirmed subscription${topic.confirmedSubscriptions === 1 ? '' : 's'}${topic.pendingSubscriptions > 0 ? ` (${topic.pendingSubscriptions} still pending)` : ''}`);
}

async function diagnose(command: Command): Promise<DoctorDocument> {
  const globals = globalsOf(command);
  const view = environmentOf(await loadCliCatalog(catalogPathOf(command)), globals.env);
  const environment = view.environment;
  const config = clientConfig(globals, environment);
  const document: DoctorDocument = { environment: environment.name, region: config.region, account: null, version, ok: false, checks: [] };
  const { checks } = document;
  const skipRest = (why: string) => checks.push({ check: 'the rest', status: 'skipped', detail: why, fix: null });

  let caller: Caller;
  try {
    caller = await checkAccount(config, { ...environment, account: undefined });
    document.account = caller.account;
    checks.push(ok('credentials', caller.arn));
  } catch (error) {
    checks.push(refused('credentials', error));
    skipRest('no credentials to check with');
    return document;
  }
  if (environment.account && caller.account !== environment.account) {
    checks.push(fail('account', `your credentials are for ${caller.account}, environment ${environment.name} is ${environment.account}`, `Use credentials for ${environment.account} (--profile, AWS_PROFILE), or pick the environment of ${caller.account} with --env.`));
    skipRest(`not looking into account ${caller.account}: it is not ${environment.name}'s`);
    return document;
  }
  checks.push(ok('account', `${caller.account}${environment.account ? ` is ${environment.name}'s account` : ` (the catalog names no account for ${environment.name})`}`));
  if (environment.region && config.region !== environment.region) {
    checks.push(fail('region', `${config.region}, but ${environment.name} is in ${environment.region}`, `Pass --region ${environment.region}, or unset AWS_REGION / change the profile's region.`));
    skipRest(`the stacks are in ${environment.region}`);
    return document;
  }
  checks.push(ok('region', `${config.region}${environment.region ? ` is ${environment.name}'s region` : ''}`));

  const [mainName, ...shardNames] = environmentStackNames(environment);
  let main: DeployedStack | null;
  try {
    main = await describeDeployedStack(config, mainName!);
    checks.push(stackCheck(mainName!, main, environment.name));
  } catch (error) {
    checks.push(refused(`stack ${mainName}`, error));
    skipRest('without the stack outputs there is nothing more to find');
    return document;
  }
  for (const name of shardNames) {
    try {
      checks.push(stackCheck(name, await describeDeployedStack(config, name), environment.name));
    } catch (error) {
      checks.push(refused(`stack ${name}`, error));
    }
  }
  if (!main) {
    skipRest(`${mainName} names the functions and the topic; deploy it first`);
    return document;
  }
  checks.push(...(await rotationChecks(config, main, environment.name)));
  checks.push(await alertTopicCheck(config, main, environment.name));
  return document;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check credentials, account, region, the deployed stacks and version, the rotation functions and the alert topic; each failure names its fix')
    .option('--json', 'machine-readable output (docs/cli.md)')
    .addHelpText('after', '\nExample:\n  $ npx warden doctor --env prod\n  ok    credentials                arn:aws:sts::333333333333:assumed-role/Admin/me\n  fail  alert topic                no confirmed subscription, 1 pending confirmation: ...\n        fix: Confirm the subscription: open the link in the email ...')
    .action(async (options: { json?: boolean }, command: Command) => {
      const document = await diagnose(command);
      document.ok = document.checks.every((c) => c.status !== 'fail');
      const out = new Output(undefined, { color: globalsOf(command).color });
      if (options.json) {
        out.json(document);
      } else {
        const c = out.color;
        const width = Math.max(...document.checks.map((check) => check.check.length));
        for (const check of document.checks) {
          const mark = check.status === 'ok' ? c.green('ok  ') : check.status === 'fail' ? c.red('fail') : c.dim('skip');
          out.line(`${mark}  ${check.check.padEnd(width)}  ${check.detail}`);
          if (check.fix) out.line(`      ${' '.repeat(width)}  ${c.bold('fix:')} ${check.fix}`);
        }
      }
      if (!document.ok) throw new QuietExit(EXIT.failed);
    });
}
