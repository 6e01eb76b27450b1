// `warden inventory --out DIR`: the scheduled inventory scan, run here with the caller's
// credentials. The scan, the renderers and the file names are the function's own (runInventory
// over the same adapters); only the ports differ: a directory instead of the report bucket, no
// alert digest, no metrics. Running it again into the same DIR continues from the previous run's
// state there (first seen dates, new findings), as the function does from the bucket.
import type { Command } from 'commander';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Severity } from '../../contract/inventory';
import { buildCatalogSummary } from '../../lib/catalog/summary';
import { plaintextSources } from '../../lambdas/inventory/adapters/plaintext';
import { secretsManagerSource } from '../../lambdas/inventory/adapters/secrets-manager';
import { runInventory, type RunOutcome } from '../../lambdas/inventory/run';
import { inventoryBadge } from '../../lambdas/inventory/report/badge';
import { namingActions } from '../aws';
import { openSession } from '../context';
import { EXIT, QuietExit } from '../errors';
import { NO_ALERTS, outputDirectory, runLocally, writtenFiles } from '../local-run';
import { startProgress } from '../progress';
import { parseFailOn, SEVERITIES } from '../secrets';
import { failsOn } from '../status-core';

interface InventoryOptions {
  out: string;
  plaintext: boolean;
  failOn?: string;
  json?: boolean;
}

/** `inventory --json` (docs/cli.md). */
export interface InventoryDocument {
  environment: string;
  account: string;
  region: string;
  generatedAt: string;
  /** The files written, relative to the current directory, in the order the function writes them. */
  files: string[];
  secrets: number;
  failedSecrets: number;
  findings: number;
  newFindings: number;
  findingsBySeverity: Record<Severity, number>;
  plaintextCredentials: number;
  /** Null without --fail-on. */
  failOn: Severity | null;
  failed: boolean;
}

/** Summary of a scan, for the JSON document and the closing line. */
function documentOf(outcome: RunOutcome, files: string[], region: string, failOn: Severity | null): InventoryDocument {
  // The head and counts only: `outcome.buildReport()` would run every rule again.
  const report = outcome.head;
  const bySeverity = { ...report.summary.findingsBySeverity } as Record<Severity, number>;
  const failed = failOn !== null && failsOn(bySeverity, failOn);
  return {
    environment: report.environment,
    account: report.account ?? '',
    region,
    generatedAt: report.generatedAt,
    files,
    secrets: report.summary.secrets,
    failedSecrets: report.summary.failedSecrets,
    findings: SEVERITIES.reduce((n, s) => n + bySeverity[s], 0),
    newFindings: outcome.newFindings,
    findingsBySeverity: bySeverity,
    plaintextCredentials: outcome.plaintextCredentials,
    failOn,
    failed,
  };
}

export function register(program: Command): void {
  program
    .command('inventory')
    .description('run the inventory scan here with your credentials; write the JSON, Markdown and badge files the function writes to S3 into DIR')
    .requiredOption('--out <dir>', 'directory for the reports (created when missing; the previous run there is the baseline for new findings)')
    .option('--no-plaintext', 'skip the Lambda environment and SSM String parameter scan for plaintext credentials')
    .option('--fail-on <severity>', 'exit 1 when a finding at or above this severity is open: critical, high, medium, low or informational')
    .option('--json', 'print a summary as JSON (docs/cli.md)')
    .addHelpText('after', '\nExample:\n  $ npx warden inventory --env prod --out reports/ --fail-on high\n  (writes reports/inventory/latest.json, latest.md, badge.svg, ...)')
    .action(async (options: InventoryOptions, command: Command) => {
      const failOn = options.failOn === undefined ? null : parseFailOn(options.failOn);
      const session = await openSession(command);
      // After the account check: a refused run creates nothing.
      const { dir, store } = outputDirectory(options.out);
      const { out, config } = session;
      const source = secretsManagerSource(namingActions(new SecretsManagerClient(config), 'secretsmanager'));
      // The listing is partitioned and its pages may overlap (the scan drops repeats): count each secret once.
      const listed = new Set<string>();
      const progress = await startProgress(out, 'scanning secrets');
      const outcome = await runLocally(session, 'the inventory scan', () =>
        runInventory(
          buildCatalogSummary(session.catalog, session.environment.name),
          {
            secrets: {
              ...source,
              async listPage(prefix, token, order) {
                const page = await source.listPage(prefix, token, order);
                for (const secret of page.secrets) listed.add(secret.arn);
                progress.update(listed.size);
                return page;
              },
            },
            plaintext: options.plaintext ? plaintextSources(namingActions(new LambdaClient(config), 'lambda'), namingActions(new SSMClient(config), 'ssm')) : null,
            reports: store,
            metrics: { publish: () => undefined },
            notifier: NO_ALERTS,
            badge: inventoryBadge,
            clock: { now: () => new Date() },
            sleep: (ms: number) => sleep(ms),
            log: { info: () => undefined, warn: (message, attributes) => out.warn([message, attributes?.secret, attributes?.error].filter((part) => part !== undefined).map(String).join(': ')) },
          },
          { listing: { parallelism: 8 }, perSecretConcurrency: 8, region: config.region, account: session.caller.account },
        ),
      ).finally(() => progress.stop());
      const document = documentOf(outcome, writtenFiles(dir, store), config.region, failOn);
      if (options.json) {
        out.json(document);
      } else {
        const c = out.color;
        for (const file of document.files) out.line(file);
        const totals = SEVERITIES.filter((s) => document.findingsBySeverity[s] > 0).map((s) => `${document.findingsBySeverity[s]} ${s.toLowerCase()}`).join(', ') || 'no findings';
        const verdict = failOn === null ? '' : document.failed ? `; ${c.red(`failing (something at or above ${failOn.toLowerCase()})`)}` : `; ${c.green('ok')}`;
        out.note(`${document.secrets} secrets in ${document.environment} (account ${document.account}, ${document.region}): ${totals}${verdict}`);
      }
      if (document.failed) throw new QuietExit(EXIT.failed);
    });
}
