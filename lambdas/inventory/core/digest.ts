// The SNS digest: only what is new since the previous run and critical findings still open after
// N days. On-call reads it: each line names the resource, what is wrong and the runbook section.

import { acceptedRunbookBase, runbookLink, runbookUrlOf, type RunbookOptions } from '../../../contract/runbook';
import type { History } from './history';
import type { Finding, InventoryReport } from './record';
import { bySeverityThenId, firstSorted } from './top';

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

/** Runbook links are `<runbookBaseUrl>#<section>` with the catalog's base URL (clickable in mail and pagers). */
export function buildDigest(report: InventoryReport, history: History, reportKey: string, options: RunbookOptions = {}): Digest | null {
  const base = acceptedRunbookBase(options);
  const alertCount = history.toAlert.length;
  if (alertCount === 0) return null;
  const reminderCount = history.reminders.length;
  const newCount = alertCount - reminderCount;
  const subject = `[secrets-warden ${report.environment}] inventory: ${newCount} new, ${reminderCount} critical still open`.slice(0, MAX_SUBJECT);
  // Only the first lines that fit can be listed; every line is longer than MIN_LINE_BYTES, so that
  // many are kept in order out of what may be hundreds of thousands of findings on a first run.
  const sorted = firstSorted(history.toAlert, Math.ceil(MAX_DIGEST_BYTES / MIN_LINE_BYTES), bySeverityThenId);
  const listedIds = new Set(sorted.map((f) => f.id));
  const reminders = new Set<string>();
  for (const f of history.reminders) if (listedIds.has(f.id)) reminders.add(f.id);
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
  for (const f of sorted) {
    const line = describe(f, reminders.has(f.id), report.firstSeen[f.id], base);
    if (bytes + line.length + 1 > MAX_DIGEST_BYTES) break;
    lines.push(line);
    bytes += line.length + 1;
    listed += 1;
  }
  if (listed < alertCount) lines.push(`... and ${alertCount - listed} more in the report.`);
  return { subject, message: [...header, ...lines].join('\n') };
}

function describe(f: Finding, reminder: boolean, firstSeen: string | undefined, base: string | null): string {
  const tag = reminder ? `STILL OPEN since ${firstSeen ?? 'unknown'}` : 'NEW';
  return `- [${f.severity}] ${tag}: ${f.title} (${f.resource}). Fix: ${f.remediation} Runbook: ${runbookUrlOf(f.runbook, base)}`;
}
