// `warden history NAME`: the secret's versions with stages and dates (ListSecretVersionIds) and
// the rotation events CloudTrail holds for it (LookupEvents by resource name, 90 days). No values.
import type { Command } from 'commander';
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { ListSecretVersionIdsCommand, type SecretVersionsListEntry } from '@aws-sdk/client-secrets-manager';
import { principalOf } from '../../lambdas/compliance/core/access-events';
import { callAws } from '../aws';
import { openSession, resolveName, unknownSecret } from '../context';
import { accountSecretNames, secretsManagerClient } from '../secrets-client';

/** Events that change which value is current, or say how a rotation went. */
const ROTATION_EVENT_NAMES: ReadonlySet<string> = new Set([
  'RotateSecret', 'RotationStarted', 'RotationSucceeded', 'RotationFailed', 'RotationAbandoned', 'TestRotationStarted', 'TestRotationSucceeded',
  'TestRotationFailed', 'CancelRotateSecret', 'PutSecretValue', 'UpdateSecretVersionStage', 'UpdateSecret', 'RestoreSecret', 'DeleteSecret',
]);

/** `history --json` (docs/cli.md). */
export interface HistoryDocument {
  name: string;
  arn: string | null;
  versions: { versionId: string; stages: string[]; created: string | null; lastAccessed: string | null }[];
  events: { time: string | null; event: string; by: string; error: string | null }[];
  /** Set when CloudTrail could not be read (the versions are still shown). */
  eventsUnavailable: string | null;
}

function eventOf(event: Event): HistoryDocument['events'][number] {
  let record: Record<string, unknown> = {};
  try {
    record = JSON.parse(event.CloudTrailEvent ?? '{}') as Record<string, unknown>;
  } catch {
    // keep the lookup's own fields
  }
  const error = typeof record.errorCode === 'string' ? `${record.errorCode}${typeof record.errorMessage === 'string' ? `: ${record.errorMessage}` : ''}` : null;
  return { time: event.EventTime?.toISOString() ?? null, event: event.EventName ?? 'unknown', by: principalOf(record.userIdentity), error };
}

export function register(program: Command): void {
  program
    .command('history')
    .description('versions with stages and dates, and the rotation events CloudTrail holds (90 days), without values')
    .argument('<name>', 'catalog name, stored name or ARN')
    .option('--json', 'machine-readable output (docs/cli.md)')
    .addHelpText('after', '\nExample:\n  $ npx warden history payments/db-app --env prod')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const session = await openSession(command);
      const { out } = session;
      const client = secretsManagerClient(session);
      const { stored } = resolveName(session.view, name);
      const versions: SecretVersionsListEntry[] = [];
      let arn: string | null = null;
      let token: string | undefined;
      try {
        do {
          const page = await callAws('secretsmanager:ListSecretVersionIds', stored, () =>
            client.send(new ListSecretVersionIdsCommand({ SecretId: stored, IncludeDeprecated: true, MaxResults: 100, NextToken: token })),
          );
          arn = page.ARN ?? arn;
          versions.push(...(page.Versions ?? []));
          token = page.NextToken;
        } while (token);
      } catch (error) {
        if ((error as Error).name === 'ResourceNotFoundException') throw unknownSecret(session, name, await accountSecretNames(client), error);
        throw error;
      }
      const document: HistoryDocument = {
        name: stored,
        arn,
        versions: versions
          .map((v) => ({ versionId: v.VersionId ?? '', stages: v.VersionStages ?? [], created: v.CreatedDate?.toISOString() ?? null, lastAccessed: v.LastAccessedDate?.toISOString().slice(0, 10) ?? null }))
          .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '')),
        events: [],
        eventsUnavailable: null,
      };
      try {
        const trail = new CloudTrailClient(session.config);
        let next: string | undefined;
        do {
          const page = await callAws('cloudtrail:LookupEvents', stored, () =>
            trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn ?? stored }], MaxResults: 50, NextToken: next })),
          );
          document.events.push(...(page.Events ?? []).filter((e) => ROTATION_EVENT_NAMES.has(e.EventName ?? '')).map(eventOf));
          next = page.NextToken;
        } while (next && document.events.length < 500);
      } catch (error) {
        // Versions are the primary answer; CloudTrail access is often narrower than Secrets Manager's.
        document.eventsUnavailable = error instanceof Error ? error.message : String(error);
      }
      if (options.json) {
        out.json(document);
        return;
      }
      const c = out.color;
      out.line(c.bold(`${stored}: ${document.versions.length} versions`));
      await out.table(
        ['VERSION', 'STAGES', 'CREATED', 'LAST ACCESSED'],
        document.versions.map((v) => [v.versionId, v.stages.length ? v.stages.join(', ') : c.dim('(none: deprecated)'), v.created ?? '-', v.lastAccessed ?? '-']),
      );
      out.line();
      if (document.eventsUnavailable) {
        out.warn(`CloudTrail events not shown: ${document.eventsUnavailable}`);
        return;
      }
      out.line(c.bold(`rotation events (CloudTrail, 90 days): ${document.events.length}`));
      if (document.events.length > 0) {
        await out.table(['TIME', 'EVENT', 'BY', 'ERROR'], document.events.map((e) => [e.time ?? '-', e.event.includes('Failed') || e.event.includes('Abandoned') ? c.red(e.event) : e.event, e.by, e.error ?? '']));
      }
    });
}
