// `warden status`: one line per secret that needs attention, exit 1 when anything at or above
// --fail-on is open: the secrets-health check a CI pipeline runs. What it looks at:
// - the rulebook's findings on a ListSecrets pass (lambdas/shared/checks: the same checks and
//   severities as the inventory scan and the compliance report): rotation off or overdue, ...;
// - a rotation stuck: AWSPENDING on a version that is not current, created over an hour ago
//   (ListSecretVersionIds' CreatedDate, only for the secrets ListSecrets shows with such a version);
// - the last rotation failed: a RotationFailed/RotationAbandoned CloudTrail event newer than the
//   secret's LastRotatedDate (two LookupEvents queries for the account, not one per secret);
// - the latest inventory report's open findings by severity and the latest compliance score,
//   from the report bucket; an unreadable report or trail is one line, never a failure.
// The judging is cli/status-core.ts (pure); --badge writes the inventory report's SVG badge.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ListSecretsCommand, ListSecretVersionIdsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { severityRank } from '../../lambdas/shared/checks/severity';
import { inventoryBadge } from '../../lambdas/inventory/report/badge';
import { callAws } from '../aws';
import { openSession, type Session } from '../context';
import { EXIT, QuietExit } from '../errors';
import { startProgress } from '../progress';
import { latestCompliance, latestInventory, reportBucketOf, reportStoreFor, type ComplianceSummary, type InventorySummary } from '../reports';
import { countBySeverity, judgeSecrets, parseFailOn, SEVERITIES } from '../secrets';
import { secretsManagerClient } from '../secrets-client';
import {
  combinedCounts, failsOn, failureEventOf, lastRotationFailure, openPendingVersion, ROTATION_FAILURE_EVENT_NAMES, rotationAttention, stuckRotation, worstSeverity,
  type AttentionItem, type RotationFailureEvent,
} from '../status-core';
import type { Severity } from '../../contract/inventory';

interface StatusOptions {
  failOn: string;
  badge?: string;
  json?: boolean;
  reportBucket?: string;
}

/** A report or the trail: what was read, or why it could not be. */
type Read<T> = (T & { where: string }) | { unavailable: string };

/** `status --json` (docs/cli.md). */
export interface StatusDocument {
  environment: string;
  account: string;
  secrets: number;
  failOn: Severity;
  failed: boolean;
  /** Live: the rulebook's findings and the rotation items, per severity. */
  findingsBySeverity: Record<Severity, number>;
  attention: { name: string; severity: Severity; findings: AttentionItem[] }[];
  inventoryReport: Read<InventorySummary>;
  compliance: Read<ComplianceSummary>;
  /** Set when the rotation failures could not be read from CloudTrail. */
  rotationFailuresUnavailable: string | null;
}

/** CloudTrail keeps management events for 90 days; at most this many pages per event name. */
const TRAIL_DAYS = 90;
const MAX_TRAIL_PAGES = 20;

/** ListSecrets pages pass through to the rulebook; their SecretVersionsToStages are kept by ARN. */
function keepingStages(client: SecretsManagerClient, stages: Map<string, Record<string, string[]>>): SecretsManagerClient {
  const send = async (command: unknown) => {
    const output: unknown = await client.send(command as ListSecretsCommand);
    if (command instanceof ListSecretsCommand) {
      for (const entry of (output as { SecretList?: { ARN?: string; SecretVersionsToStages?: Record<string, string[]> }[] }).SecretList ?? []) {
        if (entry.ARN && entry.SecretVersionsToStages) stages.set(entry.ARN, entry.SecretVersionsToStages);
      }
    }
    return output;
  };
  return { send } as unknown as SecretsManagerClient;
}

async function versionsOf(client: SecretsManagerClient, arn: string) {
  const out = await callAws('secretsmanager:ListSecretVersionIds', arn, () => client.send(new ListSecretVersionIdsCommand({ SecretId: arn, MaxResults: 100 })));
  return (out.Versions ?? []).map((v) => ({ versionId: v.VersionId ?? '', stages: v.VersionStages ?? [], created: v.CreatedDate?.toISOString() ?? null }));
}

/** RotationFailed and RotationAbandoned events of the last 90 days, account-wide. */
async function rotationFailures(session: Session, now: Date): Promise<RotationFailureEvent[]> {
  const trail = new CloudTrailClient(session.config);
  const events: RotationFailureEvent[] = [];
  for (const name of ROTATION_FAILURE_EVENT_NAMES) {
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await callAws('cloudtrail:LookupEvents', `${name} events`, () =>
        trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], StartTime: new Date(now.getTime() - TRAIL_DAYS * 86_400_000), EndTime: now, MaxResults: 50, NextToken: next })),
      );
      for (const e of page.Events ?? []) {
        const event = failureEventOf(e.CloudTrailEvent, e.EventName ?? name, e.EventTime);
        if (event) events.push(event);
      }
      next = page.NextToken;
      pages += 1;
    } while (next && pages < MAX_TRAIL_PAGES);
  }
  return events;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function register(program: Command): void {
  program
    .command('status')
    .description('one line per secret that needs attention; exit 1 when anything at or above --fail-on is open')
    .option('--fail-on <severity>', 'critical, high, medium, low or informational', 'high')
    .option('--badge <file>', 'write the secrets-health SVG badge (the same as the inventory report\'s)')
    .option('--report-bucket <name>', 'the report bucket (default: WARDEN_REPORT_BUCKET, else the stack output ReportBucketName)')
    .option('--json', 'machine-readable output (docs/cli.md)')
    .addHelpText('after', '\nExample (CI):\n  $ npx warden status --env prod --fail-on high --badge public/secrets.svg')
    .action(async (options: StatusOptions, command: Command) => {
      const failOn = parseFailOn(options.failOn);
      const session = await openSession(command);
      const { out } = session;
      const now = new Date();
      const client = secretsManagerClient(session);
      const stages = new Map<string, Record<string, string[]>>();
      const progress = await startProgress(out, 'checking secrets');
      const judged = await judgeSecrets(session, keepingStages(client, stages), (n) => progress.update(n), now).finally(() => progress.stop());

      let failures: RotationFailureEvent[] = [];
      let failuresUnavailable: string | null = null;
      try {
        failures = await rotationFailures(session, now);
      } catch (error) {
        failuresUnavailable = `CloudTrail LookupEvents: ${reason(error)}`;
      }
      const attention: StatusDocument['attention'] = [];
      for (const { record, findings } of judged) {
        const pending = openPendingVersion(stages.get(record.arn) ?? {});
        const stuck = pending ? stuckRotation(await versionsOf(client, record.arn), now) : undefined;
        const failure = record.rotation.enabled ? lastRotationFailure({ arn: record.arn, name: record.name, lastRotated: record.rotation.lastRotated }, failures) : undefined;
        const items: AttentionItem[] = [...findings.map((f) => ({ type: f.type, severity: f.severity, title: f.title, runbook: f.runbook })), ...rotationAttention(stuck, failure)];
        if (items.length > 0) attention.push({ name: record.name, severity: worstSeverity(items), findings: items });
      }
      attention.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.name.localeCompare(b.name));
      const bySeverity = countBySeverity(attention.flatMap((a) => a.findings));

      const bucket = await reportBucketOf(session, options.reportBucket);
      let inventoryReport: Read<InventorySummary> = { unavailable: bucket.ok ? '' : bucket.reason };
      let compliance: Read<ComplianceSummary> = { unavailable: bucket.ok ? '' : bucket.reason };
      if (bucket.ok) {
        const store = reportStoreFor(session, bucket.value);
        const [inventory, score] = await Promise.all([latestInventory(store, bucket.value), latestCompliance(store, bucket.value)]);
        inventoryReport = inventory.ok ? { ...inventory.value, where: inventory.where } : { unavailable: inventory.reason };
        compliance = score.ok ? { ...score.value, where: score.where } : { unavailable: score.reason };
      }
      const counts = combinedCounts(bySeverity, 'findingsBySeverity' in inventoryReport ? inventoryReport.findingsBySeverity : null);
      const failed = failsOn(counts, failOn);
      if (options.badge) {
        writeFileSync(options.badge, inventoryBadge({ environment: session.environment.name, summary: { findingsBySeverity: counts, secrets: judged.length } }));
        out.note(`wrote ${options.badge}`);
      }
      if (options.json) {
        const document: StatusDocument = {
          environment: session.environment.name, account: session.caller.account, secrets: judged.length, failOn, failed, findingsBySeverity: bySeverity, attention,
          inventoryReport, compliance, rotationFailuresUnavailable: failuresUnavailable,
        };
        out.json(document);
      } else {
        const c = out.color;
        const paint = (s: Severity, text: string) => (s === 'CRITICAL' || s === 'HIGH' ? c.red(text) : s === 'MEDIUM' ? c.yellow(text) : c.dim(text));
        for (const a of attention) {
          const rotation = a.findings.filter((f) => f.type === 'rotation-stuck' || f.type === 'rotation-failed').map((f) => f.title);
          const types = [...new Set(a.findings.filter((f) => f.type !== 'rotation-stuck' && f.type !== 'rotation-failed').map((f) => f.type))];
          out.line(`${paint(a.severity, a.severity.toLowerCase().padEnd(13))} ${a.name}: ${[...types, ...rotation].join(', ')}`);
        }
        const totals = (counts_: Record<Severity, number>) => SEVERITIES.filter((s) => counts_[s] > 0).map((s) => `${counts_[s]} ${s.toLowerCase()}`).join(', ') || 'no findings';
        if (failuresUnavailable) out.warn(`last-rotation failures not checked: ${failuresUnavailable}`);
        out.note('findingsBySeverity' in inventoryReport ? `inventory report of ${inventoryReport.generatedAt}: ${totals({ ...inventoryReport.findingsBySeverity })} open over ${inventoryReport.secrets} secrets` : `inventory report unavailable: ${inventoryReport.unavailable}`);
        out.note('score' in compliance ? `compliance score (report of ${compliance.generatedAt}): ${compliance.score === null ? 'n/a' : `${compliance.score}%`}` : `compliance report unavailable: ${compliance.unavailable}`);
        out.note(`${judged.length} secrets in ${session.environment.name}: ${totals(bySeverity)}; ${failed ? c.red(`failing (something at or above ${failOn.toLowerCase()})`) : c.green('ok')}`);
      }
      if (failed) throw new QuietExit(EXIT.failed);
    });
}
