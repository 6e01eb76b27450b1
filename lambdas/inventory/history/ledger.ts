// Each finding of the run judged once against the previous run (new? alert? reminder? since
// when?), counted, handed to the sinks that want whole findings (the Markdown rows, the digest), and
// dropped: per secret only a small ledger stays. At 500,000 secrets a scan has about a million
// findings; held as objects, ids and date strings they alone took more than half of a 1 GB function.
//
// What the reports need afterwards comes back from the records and ledgers by the generators at the
// end of this file: ids and dates from the ledgers alone, and whole findings only from
// `rebuildFindings`, which runs every rule again (the one place that cost is paid after the scan).

import type { Finding, FindingType, Severity, SecretRecord } from '../../../contract/inventory';
import { INVENTORY_PACK, inventoryFindings, type CheckContext } from '../../shared/checks';
import { findingId } from '../../shared/checks/packs/inventory';
import { SEVERITIES } from '../../shared/checks/severity';
import { compareWithPrevious, judge, type History, type PreviousState, type Verdict } from './history';

/** Receives every finding of the run once, with its verdict, while the scan judges it. */
export interface FindingSink {
  add(finding: Finding, verdict: Verdict): void;
}

/** Dates of a secret's findings: one shared by all (the usual case), or one per finding type. */
type Dates = string | Partial<Record<FindingType, string>>;

/** The only bits of a secret's findings kept after judging them. */
interface Ledger {
  /** Bit i: INVENTORY_PACK[i] raised a finding. */
  readonly mask: number;
  readonly newMask: number;
  readonly alertMask: number;
  readonly reminderMask: number;
  readonly alertedMask: number;
  /** One date shared by all its findings (the usual case), or one per finding type. */
  readonly firstSeen: Dates;
  readonly alertedAt: Dates | null;
}

/** The run's finding counts, kept up to date while judging. */
export interface FindingCounts {
  findings: number;
  newFindings: number;
  alerts: number;
  reminders: number;
  readonly bySeverity: Record<Severity, number>;
  readonly byType: Partial<Record<FindingType, number>>;
}

/** What the scan judged: the records, one ledger per record, and the findings on other resources. */
export interface JudgedFindings {
  readonly records: readonly SecretRecord[];
  /** Aligned with `records`; undefined for a secret without findings. */
  readonly ledgers: readonly (Ledger | undefined)[];
  readonly context: CheckContext;
  /** Findings on resources other than secrets (plaintext credentials): few, held whole. */
  readonly others: readonly Finding[];
  readonly othersHistory: History;
}

const RULE_BIT = new Map<FindingType, number>(INVENTORY_PACK.map((rule, i) => [rule.type, i]));
const bitOf = (type: FindingType): number => 1 << RULE_BIT.get(type)!;

function dateFor(value: Dates | null, type: FindingType): string | undefined {
  return value === null ? undefined : typeof value === 'string' ? value : value[type];
}

/**
 * `dates` (of the finding types in `mask`) with `type` at `date`: still one string while every date
 * is the same (no object for the usual secret), one entry per type from the first that differs.
 */
function withDate(dates: Dates | undefined, mask: number, type: FindingType, date: string): Dates {
  if (dates === undefined || dates === date) return date;
  if (typeof dates === 'string') {
    const shared = dates;
    dates = {};
    for (const rule of INVENTORY_PACK) if (mask & bitOf(rule.type)) dates[rule.type] = shared;
  }
  dates[type] = date;
  return dates;
}

/** Judges findings against the previous run; `previous` is let go with `forgetPrevious`. */
export class FindingJudge {
  readonly counts: FindingCounts = {
    findings: 0,
    newFindings: 0,
    alerts: 0,
    reminders: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byType: {},
  };
  private readonly startedIso: string;

  constructor(
    private previous: PreviousState | null,
    private readonly started: Date,
    private readonly criticalRealertDays: number,
    readonly context: CheckContext,
    private readonly sinks: readonly FindingSink[],
  ) {
    this.startedIso = started.toISOString();
  }

  /** The previous state (about 150 MB at 500,000 secrets) is not needed once every secret is judged. */
  forgetPrevious(): void {
    this.previous = null;
  }

  private count(finding: Finding, verdict: Verdict): void {
    const c = this.counts;
    c.findings += 1;
    c.bySeverity[finding.severity] += 1;
    c.byType[finding.type] = (c.byType[finding.type] ?? 0) + 1;
    if (verdict.isNew) c.newFindings += 1;
    if (verdict.alert) c.alerts += 1;
    if (verdict.reminder) c.reminders += 1;
    for (const sink of this.sinks) sink.add(finding, verdict);
  }

  /** Runs every rule on one record; undefined when none fires. */
  secret(record: SecretRecord): Ledger | undefined {
    const found = inventoryFindings(record, this.context);
    if (found.length === 0) return undefined;
    const previous = this.previous;
    const open = previous?.secrets.get(record.arn)?.open ?? undefined;
    let mask = 0, newMask = 0, alertMask = 0, reminderMask = 0, alertedMask = 0;
    let firstSeen: Dates | undefined, alertedAt: Dates | undefined;
    for (const finding of found) {
      const bit = bitOf(finding.type);
      // An ARN that does not look like one keeps its findings keyed by id (PreviousStateBuilder).
      const was = open?.[finding.type] ?? previous?.other.get(finding.id);
      const verdict = judge(finding.severity, was, this.started, this.startedIso, this.criticalRealertDays);
      this.count(finding, verdict);
      firstSeen = withDate(firstSeen, mask, finding.type, verdict.firstSeen);
      mask |= bit;
      if (verdict.isNew) newMask |= bit;
      if (verdict.alert) alertMask |= bit;
      if (verdict.reminder) reminderMask |= bit;
      if (verdict.alertedAt !== undefined) {
        alertedAt = withDate(alertedAt, alertedMask, finding.type, verdict.alertedAt);
        alertedMask |= bit;
      }
    }
    return { mask, newMask, alertMask, reminderMask, alertedMask, firstSeen: firstSeen!, alertedAt: alertedAt ?? null };
  }

  /** Findings on other resources (few): compared the simple way and held whole. */
  others(findings: readonly Finding[]): History {
    const history = compareWithPrevious(findings, this.previous, this.started, this.criticalRealertDays);
    const isNew = new Set(history.newFindingIds);
    const alert = new Set(history.toAlert);
    const reminder = new Set(history.reminders);
    for (const finding of findings) {
      this.count(finding, {
        firstSeen: history.firstSeen[finding.id]!,
        alertedAt: history.alertedAt[finding.id],
        isNew: isNew.has(finding.id),
        alert: alert.has(finding),
        reminder: reminder.has(finding),
      });
    }
    return history;
  }
}

/** Ids of the findings new in this run, secrets first (in record order), then other resources. No rule runs. */
export function* newFindingIds(judged: JudgedFindings): Generator<string> {
  const { records, ledgers } = judged;
  for (let i = 0; i < records.length; i += 1) {
    const ledger = ledgers[i];
    if (ledger === undefined || ledger.newMask === 0) continue;
    for (const rule of INVENTORY_PACK) if (ledger.newMask & bitOf(rule.type)) yield findingId(rule.type, records[i]!.arn);
  }
  yield* judged.othersHistory.newFindingIds;
}

/**
 * Finding id -> first seen (every open finding) or last alerted (those the digest ever named),
 * grouped by secret in record order, then other resources; the alerted entries are a subsequence of
 * the first-seen ones (history/state-file.ts walks both side by side). No rule runs.
 */
export function* findingDates(judged: JudgedFindings, which: 'firstSeen' | 'alertedAt'): Generator<[string, string]> {
  const { records, ledgers } = judged;
  for (let i = 0; i < records.length; i += 1) {
    const ledger = ledgers[i];
    if (ledger === undefined) continue;
    const mask = which === 'firstSeen' ? ledger.mask : ledger.alertedMask;
    for (const rule of INVENTORY_PACK) {
      if (mask & bitOf(rule.type)) yield [findingId(rule.type, records[i]!.arn), dateFor(ledger[which], rule.type)!];
    }
  }
  yield* Object.entries(which === 'firstSeen' ? judged.othersHistory.firstSeen : judged.othersHistory.alertedAt);
}

/**
 * Every finding of the run, in report order, built again from its record: the rules are pure over
 * (record, scan time, catalog), so each is the one judged during the scan. Runs every rule once
 * more per secret with findings; walk it once.
 */
export function* rebuildFindings(judged: JudgedFindings): Generator<Finding> {
  const { records, ledgers, context } = judged;
  for (let i = 0; i < records.length; i += 1) {
    const ledger = ledgers[i];
    if (ledger === undefined || ledger.mask === 0) continue;
    for (const finding of inventoryFindings(records[i]!, context)) if (ledger.mask & bitOf(finding.type)) yield finding;
  }
  yield* judged.others;
}
