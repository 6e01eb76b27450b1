// What is new since the previous report, how long each finding has been open, and which ones the
// SNS digest names: new findings, and critical ones open for N days or more, at most once every
// N days each (no daily repeat of the same list).

import { elapsedDays } from './time';
import type { Finding, InventoryReport, SecretRecord } from './record';

/**
 * What the next run needs of the previous one: `inventory/state.json` (or, before the first
 * state was written, `latest.json`, which has the same fields and more).
 */
export type PreviousReport = Pick<InventoryReport, 'generatedAt' | 'firstSeen'> & {
  /** Open findings; when absent, the keys of `firstSeen` (which holds exactly the open findings). */
  readonly findings?: readonly Pick<Finding, 'id'>[];
  readonly alertedAt?: Readonly<Record<string, string>>;
  readonly secrets?: readonly Pick<SecretRecord, 'arn' | 'policy' | 'replicas' | 'policyCheckedAt'>[];
};

export interface History {
  readonly newFindingIds: string[];
  readonly firstSeen: Record<string, string>;
  readonly alertedAt: Record<string, string>;
  /** Findings to put in this run's digest. */
  readonly toAlert: Finding[];
  /** Of `toAlert`, the critical findings named again because they are still open. */
  readonly reminders: Finding[];
}

export function compareWithPrevious(
  findings: readonly Finding[],
  previous: PreviousReport | null,
  now: Date,
  criticalRealertDays: number,
): History {
  const nowIso = now.toISOString();
  const before = new Set(previous?.findings ? previous.findings.map((f) => f.id) : Object.keys(previous?.firstSeen ?? {}));
  const newFindingIds: string[] = [];
  const firstSeen: Record<string, string> = {};
  const alertedAt: Record<string, string> = {};
  const toAlert: Finding[] = [];
  const reminders: Finding[] = [];
  for (const finding of findings) {
    const wasOpen = before.has(finding.id);
    const since = wasOpen ? previous?.firstSeen[finding.id] ?? previous!.generatedAt : nowIso;
    firstSeen[finding.id] = since;
    const lastAlert = previous?.alertedAt?.[finding.id];
    if (!wasOpen) {
      newFindingIds.push(finding.id);
      // Informational findings are counted in the digest, never listed one by one.
      if (finding.severity !== 'INFORMATIONAL') {
        toAlert.push(finding);
        alertedAt[finding.id] = nowIso;
      }
      continue;
    }
    if (lastAlert) alertedAt[finding.id] = lastAlert;
    if (
      finding.severity === 'CRITICAL' &&
      elapsedDays(since, now) >= criticalRealertDays &&
      (lastAlert === undefined || elapsedDays(lastAlert, now) >= criticalRealertDays)
    ) {
      toAlert.push(finding);
      reminders.push(finding);
      alertedAt[finding.id] = nowIso;
    }
  }
  return { newFindingIds, firstSeen, alertedAt, toAlert, reminders };
}
