// `warden status`: one line per secret that needs attention, judged by the shared rulebook
// (lambdas/shared/checks, the same checks and severities as the inventory scan and the compliance
// report), exit 1 when anything at or above --fail-on is open: the secrets-health check a CI
// pipeline runs. --badge writes the inventory report's SVG badge.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { severityRank } from '../../lambdas/shared/checks/severity';
import { inventoryBadge } from '../../lambdas/inventory/report/badge';
import { openSession } from '../context';
import { EXIT, QuietExit, usageError } from '../errors';
import { startProgress } from '../progress';
import { countBySeverity, judgeSecrets, secretsManagerClient, SEVERITIES } from '../secrets';
import type { Severity } from '../../contract/inventory';

interface StatusOptions {
  failOn: string;
  badge?: string;
  json?: boolean;
}

/** `status --json` (docs/cli.md). */
export interface StatusDocument {
  environment: string;
  account: string;
  secrets: number;
  failOn: Severity;
  failed: boolean;
  findingsBySeverity: Record<Severity, number>;
  attention: { name: string; severity: Severity; findings: { type: string; severity: Severity; title: string; runbook: string }[] }[];
  /** Findings the catalog accepts until their expiry: listed, not counted in findingsBySeverity nor in failed. */
  accepted: { name: string; type: string; severity: Severity; title: string; acceptance: { accepts: string; reason: string; owner: string; expires: string } }[];
}

export function register(program: Command): void {
  program
    .command('status')
    .description('one line per secret that needs attention; exit 1 when anything at or above --fail-on is open')
    .option('--fail-on <severity>', 'critical, high, medium, low or informational', 'high')
    .option('--badge <file>', 'write the secrets-health SVG badge (the same as the inventory report\'s)')
    .option('--json', 'machine-readable output (docs/cli.md)')
    .addHelpText('after', '\nExample (CI):\n  $ npx warden status --env prod --fail-on high --badge public/secrets.svg')
    .action(async (options: StatusOptions, command: Command) => {
      const failOn = options.failOn.toUpperCase() as Severity;
      if (!SEVERITIES.includes(failOn)) throw usageError(`--fail-on ${options.failOn}: not a severity`, `Use one of ${SEVERITIES.map((s) => s.toLowerCase()).join(', ')}.`);
      const session = await openSession(command);
      const { out } = session;
      const progress = await startProgress(out, 'checking secrets');
      const judged = await judgeSecrets(session, secretsManagerClient(session), (n) => progress.update(n)).finally(() => progress.stop());
      const findings = judged.flatMap((j) => j.findings);
      const bySeverity = countBySeverity(findings);
      const attention = judged
        .filter((j) => j.findings.length > 0)
        .map((j) => {
          const worst = j.findings.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
          return { name: j.record.name, severity: worst.severity, findings: j.findings.map((f) => ({ type: f.type, severity: f.severity, title: f.title, runbook: f.runbook })) };
        })
        .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.name.localeCompare(b.name));
      const failed = findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
      const accepted = judged
        .flatMap((j) => j.accepted.map((f) => ({ name: j.record.name, type: f.type, severity: f.severity, title: f.title, acceptance: f.acceptance })))
        .sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
      if (options.badge) {
        writeFileSync(options.badge, inventoryBadge({ environment: session.environment.name, summary: { findingsBySeverity: bySeverity, secrets: judged.length } }));
        out.note(`wrote ${options.badge}`);
      }
      if (options.json) {
        const document: StatusDocument = { environment: session.environment.name, account: session.caller.account, secrets: judged.length, failOn, failed, findingsBySeverity: bySeverity, attention, accepted };
        out.json(document);
      } else {
        const c = out.color;
        const paint = (s: Severity, text: string) => (s === 'CRITICAL' || s === 'HIGH' ? c.red(text) : s === 'MEDIUM' ? c.yellow(text) : c.dim(text));
        for (const a of attention) {
          out.line(`${paint(a.severity, a.severity.toLowerCase().padEnd(13))} ${a.name}: ${[...new Set(a.findings.map((f) => f.type))].join(', ')}`);
        }
        for (const a of accepted) {
          out.line(`${c.dim('accepted'.padEnd(13))} ${a.name}: ${a.type} until ${a.acceptance.expires} (${a.acceptance.owner}: ${a.acceptance.reason})`);
        }
        const totals = SEVERITIES.filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s.toLowerCase()}`).join(', ') || 'no findings';
        const acceptedNote = accepted.length > 0 ? ` (${accepted.length} accepted, not counted)` : '';
        out.note(`${judged.length} secrets in ${session.environment.name}: ${totals}${acceptedNote}; ${failed ? c.red(`failing (something at or above ${failOn.toLowerCase()})`) : c.green('ok')}`);
      }
      if (failed) throw new QuietExit(EXIT.failed);
    });
}
