// The pure core of `warden status`: what needs attention about one secret's rotation beyond the
// rulebook's findings (a rotation stuck with AWSPENDING, the last rotation failed), and how the
// latest reports count towards --fail-on. No I/O and no clock of its own: the command passes the
// facts it read and `now`, so tests give both (docs/cli.md, "status").
import type { Severity } from '../contract/inventory';
import { severityRank } from '../lambdas/shared/checks/severity';

/** A rotation whose AWSPENDING version is older than this is stuck (the "over an hour"). */
export const STUCK_AFTER_MS = 60 * 60 * 1000;

/** Severity of the two rotation items status adds to the rulebook's findings. */
const ROTATION_ATTENTION_SEVERITY: Severity = 'HIGH';

/** One version of a secret (ListSecretVersionIds: VersionId, VersionStages, CreatedDate). */
export interface VersionFact {
  readonly versionId: string;
  readonly stages: readonly string[];
  /** ISO; null when the service gave none. */
  readonly created: string | null;
}

/**
 * The version AWSPENDING is on, when it is not also AWSCURRENT (a rotation under way or left
 * behind); undefined otherwise. From ListSecrets' SecretVersionsToStages or ListSecretVersionIds.
 */
export function openPendingVersion(versionsToStages: Readonly<Record<string, readonly string[]>>): string | undefined {
  const entry = Object.entries(versionsToStages).find(([, stages]) => stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT'));
  return entry?.[0];
}

export interface StuckRotation {
  readonly versionId: string;
  /** When the AWSPENDING version was created (ISO). */
  readonly since: string;
}

/**
 * A rotation stuck: AWSPENDING on a version that is not AWSCURRENT, created more than
 * STUCK_AFTER_MS before `now`. A version without a CreatedDate is not judged (never guessed stuck).
 */
export function stuckRotation(versions: readonly VersionFact[], now: Date, afterMs = STUCK_AFTER_MS): StuckRotation | undefined {
  for (const v of versions) {
    if (!v.stages.includes('AWSPENDING') || v.stages.includes('AWSCURRENT') || v.created === null) continue;
    const created = Date.parse(v.created);
    if (Number.isFinite(created) && now.getTime() - created > afterMs) return { versionId: v.versionId, since: v.created };
  }
  return undefined;
}

/** A CloudTrail rotation outcome for one secret (RotationFailed / RotationAbandoned service events). */
export interface RotationFailureEvent {
  /** The secret's ARN or name as the event names it. */
  readonly secret: string;
  readonly event: string;
  /** ISO. */
  readonly time: string;
}

/**
 * The last rotation failed: the newest RotationFailed/RotationAbandoned event of the secret is later
 * than its LastRotatedDate (which Secrets Manager moves only when a rotation succeeds). Undefined
 * when there is no such event, or a success came after it.
 */
export function lastRotationFailure(secret: { readonly arn: string; readonly name: string; readonly lastRotated: string | null }, events: readonly RotationFailureEvent[]): RotationFailureEvent | undefined {
  const rotated = secret.lastRotated === null ? Number.NEGATIVE_INFINITY : Date.parse(secret.lastRotated);
  let newest: RotationFailureEvent | undefined;
  for (const e of events) {
    if (e.secret !== secret.arn && e.secret !== secret.name) continue;
    const time = Date.parse(e.time);
    if (!(time > rotated)) continue;
    if (!newest || time > Date.parse(newest.time)) newest = e;
  }
  return newest;
}

/** One thing that needs attention on a secret: a rulebook finding or a rotation item. */
export interface AttentionItem {
  readonly type: string;
  readonly severity: Severity;
  readonly title: string;
  readonly runbook: string;
}

/** The rotation items for one secret, to add to its rulebook findings. */
export function rotationAttention(stuck: StuckRotation | undefined, failure: RotationFailureEvent | undefined): AttentionItem[] {
  const items: AttentionItem[] = [];
  if (stuck) {
    items.push({
      type: 'rotation-stuck',
      severity: ROTATION_ATTENTION_SEVERITY,
      title: `rotation stuck: AWSPENDING on version ${stuck.versionId} since ${stuck.since}`,
      runbook: 'docs/runbooks.md#rotation-failed',
    });
  }
  if (failure) {
    items.push({
      type: 'rotation-failed',
      severity: ROTATION_ATTENTION_SEVERITY,
      title: `last rotation failed (${failure.event} at ${failure.time})`,
      runbook: 'docs/runbooks.md#rotation-failed',
    });
  }
  return items;
}

/** The worst severity of a non-empty list. */
export function worstSeverity(items: readonly { readonly severity: Severity }[]): Severity {
  return items.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a)).severity;
}

/** Something at or above `failOn` is open among the counts. */
export function failsOn(counts: Readonly<Record<Severity, number>>, failOn: Severity): boolean {
  return (Object.entries(counts) as [Severity, number][]).some(([severity, n]) => n > 0 && severityRank(severity) >= severityRank(failOn));
}

/**
 * Per severity, the larger of the live count and the latest inventory report's: the report also
 * holds what a ListSecrets pass cannot see (resource policies, plaintext credentials elsewhere), the
 * live pass is newer; adding them would count most findings twice. The badge and --fail-on use this.
 */
export function combinedCounts(live: Readonly<Record<Severity, number>>, report: Readonly<Record<Severity, number>> | null): Record<Severity, number> {
  const out = { ...live };
  if (report) for (const severity of Object.keys(out) as Severity[]) out[severity] = Math.max(out[severity], report[severity] ?? 0);
  return out;
}

/** The rotation outcome events whose newest one, after the last success, means the last rotation failed. */
export const ROTATION_FAILURE_EVENT_NAMES = ['RotationFailed', 'RotationAbandoned'] as const;

/**
 * The secret a CloudTrail rotation event is about: `additionalEventData.SecretId` in recorded
 * events, `serviceEventDetails.secretId` in newer ones (see lib/audit/rotation-events.ts).
 */
export function failureEventOf(cloudTrailEvent: string | undefined, eventName: string, time: Date | undefined): RotationFailureEvent | undefined {
  let record: { additionalEventData?: { SecretId?: unknown }; serviceEventDetails?: { secretId?: unknown } } = {};
  try {
    record = JSON.parse(cloudTrailEvent ?? '{}') as typeof record;
  } catch {
    return undefined;
  }
  const secret = record.additionalEventData?.SecretId ?? record.serviceEventDetails?.secretId;
  if (typeof secret !== 'string' || !time) return undefined;
  return { secret, event: eventName, time: time.toISOString() };
}
