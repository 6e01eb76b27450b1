// The SNS digest: only what is new since the previous run and critical findings still open after
// N days. On-call reads it: each line names the resource, what is wrong and the runbook section.

import type { Finding } from '../../../contract/inventory';
import { runbookLink, runbookUrlOf, type RunbookOptions } from '../../../contract/runbook';
import type { Verdict } from '../history/history';
import type { FindingSink } from '../history/ledger';
import type { ReportHead } from '../scan/scan';
import { bySeverityThenId, FirstSorted } from './top';

/** SNS Publish accepts 256 KiB; the digest stays well under it and points to the report for the rest. */
const MAX_DIGEST_BYTES = 200_000;
/** SNS Subject: at most 100 printable ASCII characters. */
const MAX_SUBJECT = 100;
/** A digest line holds at least a severity, a title, an ARN, a remediation and a runbook link. */
const MIN_LINE_BYTES = 100;

interface Digest {
  readonly subject: string;
  readonly message: string;
}

interface Line {
  readonly finding: Finding;
  readonly reminder: boolean;
  readonly firstSeen: string;
}

/**
 * The findings the digest may list, kept while the scan judges them. Only the first lines that fit
 * can be listed; every line is longer than MIN_LINE_BYTES, so that many are kept in order out of
 * what may be hundreds of thousands of findings on a first run.
 */
export class DigestLines implements FindingSink {
  private readonly top = new FirstSorted<Line>(Math.ceil(MAX_DIGEST_BYTES / MIN_LINE_BYTES), (a, b) => bySeverityThenId(a.finding, b.finding));
  alerts = 0;
  reminders = 0;

  add(finding: Finding, verdict: Verdict): void {
    if (!verdict.alert) return;
    this.alerts += 1;
    if (verdict.reminder) this.reminders += 1;
    this.top.add({ finding, reminder: verdict.reminder, firstSeen: verdict.firstSeen });
  }

  first(): Line[] {
    return this.top.result();
  }
}

/** Runbook links are `<runbookBaseUrl>#<section>` with the catalog's base URL (clickable in mail and pagers). */
export function buildDigest(
  report: Pick<ReportHead, 'environment' | 'account' | 'region' | 'generatedAt'>,
  alerts: DigestLines,
  reportKey: string,
  options: RunbookOptions = {},
): Digest | null {
  const base = options.runbookBaseUrl ?? null;
  const alertCount = alerts.alerts;
  if (alertCount === 0) return null;
  const reminderCount = alerts.reminders;
  const newCount = alertCount - reminderCount;
  const subject = `[secrets-warden ${report.environment}] inventory: ${newCount} new, ${reminderCount} critical still open`.slice(0, MAX_SUBJECT);
  const header = [
    `Inventory scan of environment ${report.environment} (account ${report.account ?? 'unknown'}, ${report.region}) at ${report.generatedAt}.`,
    `${newCount} new finding(s); ${reminderCount} critical finding(s) open for a long time.`,
    `Full report: ${reportKey}`,
    `Runbook: ${runbookLink('inventory-digest', base)} (each line below names its own section).`,
    '',
  ];
  const lines: string[] = [];
  let bytes = header.join('\n').length;
  let listed = 0;
  for (const line of alerts.first()) {
    const text = describe(line, base);
    if (bytes + text.length + 1 > MAX_DIGEST_BYTES) break;
    lines.push(text);
    bytes += text.length + 1;
    listed += 1;
  }
  if (listed < alertCount) lines.push(`... and ${alertCount - listed} more in the report.`);
  return { subject, message: [...header, ...lines].join('\n') };
}

function describe({ finding: f, reminder, firstSeen }: Line, base: string | null): string {
  const tag = reminder ? `STILL OPEN since ${firstSeen}` : 'NEW';
  return `- [${f.severity}] ${tag}: ${f.title} (${f.resource}). Fix: ${f.remediation} Runbook: ${runbookUrlOf(f.runbook, base)}`;
}
