// The report as Markdown, for pull requests and wikis. Every value from the account (secret names,
// principals, reasons) is escaped so a crafted name cannot change the document's structure.

import { runbookMarkdownUrl, type RunbookOptions } from '../../../contract/runbook';
import type { ComplianceReport } from '../core/report';
import { pct, referenceText, signed } from './format';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Keeps a value literal and on one table cell: HTML specials become entities (renderers that pass
 * inline HTML through then show text, not a tag); the inline Markdown specials (emphasis, code,
 * links, table pipes) are backslash-escaped. Values never start a line, so block markers (`#`, `-`,
 * `1.`) need no escape.
 */
export function mdText(value: unknown): string {
  return String(value)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
    .replace(/[\r\n]+/g, ' ');
}

/** Runbook links are `<runbookBaseUrl>#<section>` with the catalog's base URL, else `docs/runbooks.md#<section>`. */
export function renderMarkdown(report: ComplianceReport, options: RunbookOptions = {}): string {
  const base = options.runbookBaseUrl ?? null;
  const link = (reference: string): string => runbookMarkdownUrl(reference, base);
  const out: string[] = [];
  out.push(`# Compliance report: ${mdText(report.environment)}`, '');
  out.push(`Generated ${mdText(report.generatedAt)} for account ${mdText(report.account ?? 'unknown')} in ${mdText(report.region)}; inventory of ${mdText(report.inventory.generatedAt ?? 'none')} (${report.inventory.secrets} secrets).`, '');
  out.push(`**Overall score: ${pct(report.score.score)}** (${report.score.compliant} compliant, ${report.score.nonCompliant} non-compliant, ${report.score.notApplicable} not applicable, ${report.score.accepted ?? 0} accepted evaluations)`, '');

  out.push('## Score per framework', '', '| Framework | Score | Compliant | Non-compliant | Not applicable | Controls |', '| --- | --- | --- | --- | --- | --- |');
  for (const f of report.frameworks) out.push(`| ${mdText(f.framework)} | ${pct(f.score)} | ${f.compliant} | ${f.nonCompliant} | ${f.notApplicable} | ${f.controls} |`);
  out.push('');

  out.push('## Trend', '');
  if (report.trend === null) out.push('No previous report to compare with.', '');
  else {
    const t = report.trend;
    out.push(`Against the report of ${mdText(t.previousGeneratedAt)}: score ${pct(t.previousScore)} → ${pct(report.score.score)} (${signed(t.scoreDelta)}).`, '');
    if (t.regressions.length > 0) {
      out.push('Regressed (compliant last time, not now):', '');
      for (const r of t.regressions) out.push(`- **${mdText(r.control)}** ${mdText(r.title)}: ${r.resources.map(mdText).join(', ')} ([runbook](${link(r.runbook)}))`);
      out.push('');
    }
    if (t.improvements.length > 0) out.push(`Now compliant: ${t.improvements.map(mdText).join(', ')}`, '');
  }

  out.push('## Top risks', '');
  if (report.topRisks.length === 0) out.push('No failing control.', '');
  report.topRisks.forEach((r, i) => {
    out.push(`${i + 1}. **${mdText(r.severity)} ${mdText(r.control)}**: ${mdText(r.title)}; ${r.failingResources} resource(s), e.g. ${r.examples.map(mdText).join(', ')}. ${mdText(r.remediation)} ([runbook](${link(r.runbook)}))`);
  });
  out.push('');

  out.push('## Controls', '', '| Control | Status | Severity | Compliant | Non-compliant | N/A | Accepted | References |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of report.controls) {
    out.push(`| [${mdText(c.id)}](${link(c.runbook)}) ${mdText(c.title)} | ${c.status} | ${c.severity} | ${c.counts.compliant} | ${c.counts.nonCompliant} | ${c.counts.notApplicable} | ${c.counts.accepted ?? 0} | ${c.references.map((r) => mdText(referenceText(r))).join('; ')} |`);
  }
  out.push('');

  const failing = report.controls.filter((c) => c.status === 'NON_COMPLIANT');
  if (failing.length > 0) {
    out.push('## Failing resources', '');
    for (const c of failing) {
      out.push(`### ${mdText(c.id)}`, '');
      const listed = c.evaluations.filter((x) => x.status === 'NON_COMPLIANT').length;
      if (listed < c.counts.nonCompliant) out.push(`${c.counts.nonCompliant} failing; the first ${listed} are listed.`, '');
      for (const e of c.evaluations.filter((x) => x.status === 'NON_COMPLIANT')) out.push(`- ${mdText(e.resourceName)}: ${mdText(e.reason)}`);
      out.push('');
    }
  }

  const accepted = report.controls.flatMap((c) => c.evaluations.filter((x) => x.status === 'ACCEPTED').map((x) => ({ control: c.id, evaluation: x })));
  if (accepted.length > 0) {
    out.push('## Accepted', '', 'Failures the catalog accepts (`accept:` in config/secrets.yaml) until their expiry; left out of the score, failing again the day after.', '');
    for (const { control, evaluation: x } of accepted) {
      const note = x.acceptance ? ` Until ${mdText(x.acceptance.expires)}, owner ${mdText(x.acceptance.owner)}: ${mdText(x.acceptance.reason)}` : '';
      out.push(`- **ACCEPTED** ${mdText(control)} on ${mdText(x.resourceName)}: ${mdText(x.reason)}.${note}`);
    }
    out.push('');
  }

  const a = report.accessAudit;
  out.push('## Access audit', '');
  out.push(
    `Period ${mdText(a.period.start)} to ${mdText(a.period.end)}: ${a.eventsRead} CloudTrail events read in ${a.requests} requests (${a.throttledRequests} throttled)${a.truncated ? `; **cut short (${mdText(a.truncatedReason ?? 'unknown')})**, so counts are lower bounds` : '; complete'}.`,
    '',
  );
  if (a.error) out.push(`Error: ${mdText(a.error)}`, '');
  out.push(`Reads ${a.totals.reads}, refused attempts ${a.totals.failedAttempts}, reads by principals outside the catalog ${a.totals.unexpectedReads}, reads of secrets marked for deletion ${a.totals.readsWhileMarkedForDeletion}.`, '');
  if (a.secrets.length > 0) {
    const list = (items: readonly { principal: string; count: number }[]) => items.map((p) => `${mdText(p.principal)} (${p.count})`).join(', ') || '-';
    out.push('| Secret | Readers (reads) | Refused (by principal) | Readers not in the catalog | Reads while marked for deletion |', '| --- | --- | --- | --- | --- |');
    for (const s of a.secrets) {
      out.push(`| ${mdText(s.name)} | ${list(s.reads)} | ${list(s.failedAttempts)} | ${s.inCatalog ? list(s.unexpectedReaders) : 'not in catalog'} | ${s.readsWhileMarkedForDeletion} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
