// The SNS digest: only what is new since the previous run and critical findings still open after
// N days. On-call reads it: each line names the resource, what is wrong and the runbook section.

import type { History } from './history';
import type { Finding, InventoryReport } from './record';
import { severityRank } from './severity';

/** SNS Publish accepts 256 KiB; the digest stays well under it and points to the report for the rest. */
export const MAX_DIGEST_BYTES = 200_000;
/** SNS Subject: at most 100 printable ASCII characters. */
const MAX_SUBJECT = 100;

export interface Digest {
  readonly subject: string;
  readonly message: string;
}

export function buildDigest(report: InventoryReport, history: History, reportKey: string): Digest | null {
  if (history.toAlert.length === 0) return null;
  const newCount = history.toAlert.length - history.reminders.length;
  const subject = `[secrets-warden ${report.environment}] inventory: ${newCount} new, ${history.reminders.length} critical still open`.slice(0, MAX_SUBJECT);
  const reminders = new Set(history.reminders.map((f) => f.id));
  const sorted = [...history.toAlert].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
  const header = [
    `Inventory scan of environment ${report.environment} (account ${report.account ?? 'unknown'}, ${report.region}) at ${report.generatedAt}.`,
    `${newCount} new finding(s); ${history.reminders.length} critical finding(s) open for a long time.`,
    `Full report: ${reportKey}`,
    'Runbook: docs/runbooks.md#inventory-digest (each line below names its own section).',
    '',
  ];
  const lines: string[] = [];
  let bytes = header.join('\n').length;
  let listed = 0;
  for (const f of sorted) {
    const line = describe(f, reminders.has(f.id), report.firstSeen[f.id]);
    if (bytes + line.length + 1 > MAX_DIGEST_BYTES) break;
    lines.push(line);
    bytes += line.length + 1;
    listed += 1;
  }
  if (listed < sorted.length) lines.push(`... and ${sorted.length - listed} more in the report.`);
  return { subject, message: [...header, ...lines].join('\n') };
}

function describe(f: Finding, reminder: boolean, firstSeen: string | undefined): string {
  const tag = reminder ? `STILL OPEN since ${firstSeen ?? 'unknown'}` : 'NEW';
  return `- [${f.severity}] ${tag}: ${f.title} (${f.resource}). Fix: ${f.remediation} Runbook: ${f.runbook}`;
}
