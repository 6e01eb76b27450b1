// `warden report --out DIR`: the compliance report, run here with the caller's credentials
// (CloudTrail lookups included). runCompliance, its adapters and its renderers are the function's
// own; only the ports differ: DIR instead of the report bucket (the inventory it reads is the one
// `warden inventory --out DIR` wrote there), no regression alert, no metrics. The settings the
// function gets at deploy time (the rotation roles it trusts, the audit period, the runbook base
// URL) are read from the deployed compliance function when the stack is there.
import type { Command } from 'commander';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { setTimeout as sleep } from 'node:timers/promises';
import { mainStackName } from '../../lib/catalog/shards';
import { buildCatalogSummary } from '../../lib/catalog/summary';
import { auditConfigurationReader } from '../../lambdas/compliance/adapters/audit-configuration-reader';
import { cloudTrailLookup } from '../../lambdas/compliance/adapters/cloudtrail-lookup';
import { complianceCatalog } from '../../lambdas/compliance/core/catalog';
import type { TrailLookup } from '../../lambdas/compliance/core/trail-reader';
import { runCompliance } from '../../lambdas/compliance/run';
import { actionOf, callAws, namingActions, translateAwsError } from '../aws';
import { openSession, type Session } from '../context';
import { CliError, EXIT, QuietExit, usageError } from '../errors';
import { NO_ALERTS, outputDirectory, runLocally, writtenFiles } from '../local-run';
import { startProgress } from '../progress';
import { describeDeployedStack } from '../stack';

interface ReportOptions {
  out: string;
  days?: string;
  failUnder?: string;
  json?: boolean;
}

/** `report --json` (docs/cli.md). */
export interface ReportDocument {
  environment: string;
  account: string;
  region: string;
  generatedAt: string;
  files: string[];
  /** Percentage of compliant evaluations, one decimal; null when no control applies. */
  score: number | null;
  regressions: number;
  eventsRead: number;
  auditTruncated: boolean;
  /** Whether DIR held an inventory (run `warden inventory --out DIR` first). */
  inventoryFound: boolean;
  /** Where the deploy-time settings came from: the deployed compliance function, or defaults. */
  settingsFrom: 'deployed-function' | 'defaults';
  failUnder: number | null;
  failed: boolean;
}

/** What the compliance construct passes the function at deploy time (lib/constructs/compliance-report.ts). */
interface DeployedSettings {
  readonly trustedRoles: string[];
  readonly periodDays?: number;
}

/**
 * The deployed compliance function's settings, found through the stack's ComplianceFunctionName
 * output; null (with a warning saying what it means) when the stack or the function is not there
 * or may not be read.
 */
async function deployedSettings(session: Session): Promise<DeployedSettings | null> {
  const { out, config, environment } = session;
  const consequence = 'the report runs with defaults: the rotation functions\' reads count as untrusted, 7 days of CloudTrail';
  try {
    const stack = await describeDeployedStack(config, mainStackName(environment.name));
    const name = stack?.outputs.ComplianceFunctionName;
    if (!name) {
      out.warn(`${mainStackName(environment.name)} is not deployed (or has no ComplianceFunctionName output): ${consequence}.`);
      return null;
    }
    const fn = await callAws('lambda:GetFunctionConfiguration', name, () => new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: name })));
    const variables = fn.Environment?.Variables ?? {};
    const period = Number(variables.AUDIT_PERIOD_DAYS);
    return {
      trustedRoles: (variables.TRUSTED_PRINCIPALS ?? '').split(',').filter((p) => p !== ''),
      ...(Number.isInteger(period) && period > 0 ? { periodDays: period } : {}),
    };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    out.warn(`${error.message}: ${consequence}.`);
    return null;
  }
}

function parseNumber(option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw usageError(`${option} ${value}: not a number from ${min} to ${max}`);
  return n;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('run the compliance report here with your credentials; write the JSON, Markdown, HTML and badge files the function writes to S3 into DIR')
    .requiredOption('--out <dir>', 'directory for the reports; reads the inventory `warden inventory --out DIR` wrote there')
    .option('--days <n>', 'days of CloudTrail history for the access audit, 1-90 (default: the deployed function\'s, else 7)')
    .option('--fail-under <score>', 'exit 1 when the compliance score is below this percentage')
    .option('--json', 'print a summary as JSON (docs/cli.md)')
    .addHelpText('after', '\nExample:\n  $ npx warden inventory --env prod --out reports/ && npx warden report --env prod --out reports/ --fail-under 80\n  (writes reports/compliance/latest.json, latest.md, latest.html, badge.svg, ...)')
    .action(async (options: ReportOptions, command: Command) => {
      const days = parseNumber('--days', options.days, 1, 90);
      if (days !== undefined && !Number.isInteger(days)) throw usageError(`--days ${options.days}: not a whole number of days`);
      const failUnder = parseNumber('--fail-under', options.failUnder, 0, 100) ?? null;
      const session = await openSession(command);
      // After the account check: a refused run creates nothing.
      const { dir, store } = outputDirectory(options.out);
      const { out, config } = session;
      const settings = await deployedSettings(session);
      const region = config.region;
      const account = session.caller.account;
      const sns = namingActions(new SNSClient(config), 'sns');
      const lookup = cloudTrailLookup(namingActions(new CloudTrailClient({ ...config, maxAttempts: 1 }), 'cloudtrail'));
      const progress = await startProgress(out, 'reading CloudTrail events');
      let events = 0;
      // The reader records a refused lookup in the report (access audit unavailable) and goes on, as
      // in the function; here the operator is also told which action was refused, and the exit code says so.
      let refused: Error | undefined;
      const trail: TrailLookup = {
        async page(request) {
          try {
            const page = await lookup.page(request);
            events += page.events.length;
            progress.update(events);
            return page;
          } catch (error) {
            refused ??= translateAwsError(error, actionOf(error) ?? 'cloudtrail:LookupEvents', `account ${account} (${region})`);
            throw error;
          }
        },
      };
      // The catalog's runbookBaseUrl comes with the summary, as the function's does.
      const summary = buildCatalogSummary(session.catalog, session.environment.name);
      const { result, report } = await runLocally(session, 'the compliance report', () =>
        runCompliance(
          {
            store,
            auditConfiguration: auditConfigurationReader(
              {
                cloudTrail: namingActions(new CloudTrailClient(config), 'cloudtrail'),
                logs: namingActions(new CloudWatchLogsClient(config), 'logs'),
                cloudWatch: namingActions(new CloudWatchClient(config), 'cloudwatch'),
                sns,
              },
              { region, account },
            ),
            trail,
            pacing: { now: () => Date.now(), sleep: (ms: number) => sleep(ms).then(() => undefined), random: Math.random },
            alerts: NO_ALERTS,
            metrics: { publish: () => undefined },
            now: () => new Date(),
          },
          {
            catalog: complianceCatalog(summary, settings?.trustedRoles ?? []),
            account,
            region,
            periodDays: days ?? settings?.periodDays ?? 7,
            bounds: { timeBudgetMs: 600_000, maxEvents: 50_000 },
            runbookBaseUrl: summary.runbookBaseUrl,
          },
        ),
      ).finally(() => progress.stop());
      if (!result.inventoryFound) out.warn(`no inventory in ${options.out}: the inventory controls are not evaluated. Run \`npx warden inventory --env ${session.environment.name} --out ${options.out}\` first.`);
      const document: ReportDocument = {
        environment: session.environment.name,
        account,
        region,
        generatedAt: report.generatedAt,
        files: writtenFiles(dir, store),
        score: result.score,
        regressions: result.regressions,
        eventsRead: result.eventsRead,
        auditTruncated: result.auditTruncated,
        inventoryFound: result.inventoryFound,
        settingsFrom: settings ? 'deployed-function' : 'defaults',
        failUnder,
        failed: failUnder !== null && (result.score ?? 100) < failUnder,
      };
      if (options.json) {
        out.json(document);
      } else {
        const c = out.color;
        for (const file of document.files) out.line(file);
        const verdict = failUnder === null ? '' : document.failed ? `; ${c.red(`failing (below ${failUnder}%)`)}` : `; ${c.green('ok')}`;
        out.note(`compliance ${document.environment} (account ${account}, ${region}): ${document.score === null ? 'no score (no control applies)' : `${document.score}%`}, ${document.regressions} regressions, ${document.eventsRead} CloudTrail events${document.auditTruncated ? ' (truncated)' : ''}${verdict}`);
      }
      if (refused instanceof CliError) {
        throw new CliError(`${refused.message}: the report in ${options.out} was written without the CloudTrail access audit`, refused.exitCode, { hint: refused.hint, cause: refused });
      }
      if (document.failed) throw new QuietExit(EXIT.failed);
    });
}
