// One self-contained HTML page: inline CSS, the badge as a data: image, no script, no external
// asset. Every value from the account or the catalog goes through escapeHtml, and a
// Content-Security-Policy forbids scripts outright, so a secret named `<script>…` stays text.

import { runbookUrlOf, type RunbookOptions } from '../../../contract/runbook';
import type { ComplianceReport } from '../core/report';
import type { Status } from '../core/types';
import { renderBadge } from './badge';
import { pct, referenceText, signed } from './format';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}


const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header,main{max-width:1200px;margin:0 auto;padding:16px 24px}
header{display:flex;align-items:center;gap:16px;flex-wrap:wrap}
h1{font-size:22px;margin:0}h2{font-size:18px;margin:28px 0 8px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:12px 0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:12px ui-monospace,monospace;word-break:break-all}
.COMPLIANT{color:#1a7f37;font-weight:600}.NON_COMPLIANT{color:#cf222e;font-weight:600}.NOT_APPLICABLE{color:#57606a}.ACCEPTED{color:#8250df;font-weight:600}
.CRITICAL{color:#fff;background:#82071e;padding:1px 6px;border-radius:4px}.HIGH{color:#fff;background:#cf222e;padding:1px 6px;border-radius:4px}
.MEDIUM{background:#fff8c5;padding:1px 6px;border-radius:4px}.LOW{background:#ddf4ff;padding:1px 6px;border-radius:4px}
.score{font-size:32px;font-weight:700}.muted{color:#57606a}.warn{color:#9a6700;font-weight:600}
details{margin:4px 0}summary{cursor:pointer}
`;

const STATUS_TEXT: Record<Status, string> = { COMPLIANT: 'Compliant', NON_COMPLIANT: 'Non-compliant', NOT_APPLICABLE: 'Not applicable', ACCEPTED: 'Accepted' };

/** With the catalog's runbookBaseUrl (the published docs/runbooks.md), runbook sections become links. */
export function renderHtml(report: ComplianceReport, options: RunbookOptions = {}): string {
  const e = escapeHtml;
  const base = options.runbookBaseUrl ?? null;
  const runbook = (path: string): string => (base ? `<a href="${e(runbookUrlOf(path, base))}">${e(path.slice(path.indexOf('#')))}</a>` : `<code>${e(path)}</code>`);
  const status = (s: Status): string => `<span class="${s}">${STATUS_TEXT[s]}</span>`;
  const badge = Buffer.from(renderBadge(report), 'utf8').toString('base64');
  const parts: string[] = [];

  parts.push(`<section><h2>Score per framework</h2><table><thead><tr><th>Framework</th><th>Score</th><th>Compliant</th><th>Non-compliant</th><th>Not applicable</th><th>Controls</th></tr></thead><tbody>`);
  for (const f of report.frameworks) parts.push(`<tr><td>${e(f.framework)}</td><td>${pct(f.score)}</td><td>${f.compliant}</td><td>${f.nonCompliant}</td><td>${f.notApplicable}</td><td>${f.controls}</td></tr>`);
  parts.push('</tbody></table></section>');

  parts.push('<section><h2>Trend</h2>');
  const t = report.trend;
  if (t === null) parts.push('<p class="muted">No previous report to compare with.</p>');
  else {
    parts.push(`<p>Against the report of ${e(t.previousGeneratedAt)}: ${pct(t.previousScore)} → ${pct(report.score.score)} (${e(signed(t.scoreDelta))}).</p>`);
    parts.push('<table><thead><tr><th>Framework</th><th>Previous</th><th>Now</th><th>Change</th></tr></thead><tbody>');
    for (const f of t.frameworks) parts.push(`<tr><td>${e(f.framework)}</td><td>${pct(f.previous)}</td><td>${pct(f.current)}</td><td>${e(signed(f.delta))}</td></tr>`);
    parts.push('</tbody></table>');
    if (t.regressions.length > 0) {
      parts.push('<h3>Regressed: compliant last time, not now</h3><ul>');
      for (const r of t.regressions) parts.push(`<li><strong>${e(r.control)}</strong> ${e(r.title)}: ${r.resources.map((x) => `<code>${e(x)}</code>`).join(', ')} (${runbook(r.runbook)})</li>`);
      parts.push('</ul>');
    }
    if (t.improvements.length > 0) parts.push(`<p>Now compliant: ${t.improvements.map(e).join(', ')}</p>`);
  }
  parts.push('</section>');

  parts.push('<section><h2>Top risks</h2>');
  if (report.topRisks.length === 0) parts.push('<p class="COMPLIANT">No failing control.</p>');
  else {
    parts.push('<ol>');
    for (const r of report.topRisks) {
      parts.push(
        `<li><span class="${r.severity}">${r.severity}</span> <strong>${e(r.control)}</strong> ${e(r.title)}: ${r.failingResources} resource(s), e.g. ${r.examples.map((x) => `<code>${e(x)}</code>`).join(', ')}.<br>${e(r.remediation)} Runbook: ${runbook(r.runbook)}</li>`,
      );
    }
    parts.push('</ol>');
  }
  parts.push('</section>');

  parts.push('<section><h2>Controls</h2><table><thead><tr><th>Control</th><th>Status</th><th>Severity</th><th>Resources</th><th>References</th></tr></thead><tbody>');
  for (const c of report.controls) {
    const failing = c.evaluations.filter((x) => x.status === 'NON_COMPLIANT');
    const listed = failing.length < c.counts.nonCompliant ? ` (first ${failing.length} listed)` : '';
    const details = failing.length === 0 ? '' : `<details><summary>${c.counts.nonCompliant} failing${listed}</summary><ul>${failing.map((x) => `<li><code>${e(x.resourceName)}</code>: ${e(x.reason)}</li>`).join('')}</ul><p>${e(c.remediation)} Runbook: ${runbook(c.runbook)}</p></details>`;
    const accepted = c.evaluations.filter((x) => x.status === 'ACCEPTED');
    const acceptedDetails =
      accepted.length === 0
        ? ''
        : `<details><summary>${accepted.length} accepted</summary><ul>${accepted.map((x) => `<li>${status('ACCEPTED')} <code>${e(x.resourceName)}</code>: ${e(x.reason)}.${x.acceptance ? ` Until ${e(x.acceptance.expires)}, owner ${e(x.acceptance.owner)}: ${e(x.acceptance.reason)}` : ''}</li>`).join('')}</ul></details>`;
    parts.push(
      `<tr id="${e(`control-${c.id}`)}"><td><strong>${e(c.id)}</strong><br>${e(c.title)}${details}${acceptedDetails}</td><td>${status(c.status)}</td><td><span class="${c.severity}">${c.severity}</span></td><td>${c.counts.compliant} / ${c.counts.nonCompliant} / ${c.counts.notApplicable} / ${c.counts.accepted ?? 0}</td><td>${c.references.map((r) => e(referenceText(r))).join('<br>')}</td></tr>`,
    );
  }
  parts.push('</tbody></table><p class="muted">Resources: compliant / non-compliant / not applicable / accepted (a failure the catalog accepts until its expiry; left out of the score).</p></section>');

  const a = report.accessAudit;
  parts.push('<section><h2>Access audit</h2>');
  parts.push(`<p>Period ${e(a.period.start)} to ${e(a.period.end)}: ${a.eventsRead} CloudTrail events read in ${a.requests} requests (${a.throttledRequests} throttled). `);
  parts.push(a.truncated ? `<span class="warn">Cut short (${e(a.truncatedReason ?? 'unknown')}): counts are lower bounds.</span>` : 'Complete.');
  parts.push('</p>');
  if (a.error) parts.push(`<p class="warn">Error: ${e(a.error)}</p>`);
  parts.push(`<p>Reads ${a.totals.reads}; refused attempts ${a.totals.failedAttempts}; reads by principals outside the catalog ${a.totals.unexpectedReads}; reads of secrets marked for deletion ${a.totals.readsWhileMarkedForDeletion}.</p>`);
  if (a.secrets.length > 0) {
    const list = (items: readonly { principal: string; count: number }[]): string => (items.length === 0 ? '-' : items.map((p) => `<code>${e(p.principal)}</code> (${p.count})`).join('<br>'));
    parts.push('<table><thead><tr><th>Secret</th><th>Readers (reads)</th><th>Refused attempts</th><th>Readers not in the catalog</th><th>Reads while marked for deletion</th></tr></thead><tbody>');
    for (const s of a.secrets) {
      parts.push(`<tr><td><code>${e(s.name)}</code></td><td>${list(s.reads)}</td><td>${list(s.failedAttempts)}</td><td>${s.inCatalog ? list(s.unexpectedReaders) : '<span class="muted">not in catalog</span>'}</td><td>${s.readsWhileMarkedForDeletion}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  parts.push('</section>');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Compliance report: ${e(report.environment)} ${e(report.generatedAt)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>Compliance report: ${e(report.environment)}</h1><img alt="compliance badge" src="data:image/svg+xml;base64,${badge}"><span class="muted">Generated ${e(report.generatedAt)}; account ${e(report.account ?? 'unknown')}, ${e(report.region)}; inventory of ${e(report.inventory.generatedAt ?? 'none')} (${report.inventory.secrets} secrets)</span></header>`,
    `<main><section><span class="score">${pct(report.score.score)}</span> <span class="muted">of applicable evaluations compliant (${report.score.compliant} compliant, ${report.score.nonCompliant} non-compliant, ${report.score.notApplicable} not applicable, ${report.score.accepted ?? 0} accepted)</span></section>`,
    ...parts,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
