// Accepted findings in every renderer: compliance JSON (valid against its schema), Markdown and
// HTML; inventory JSON (valid against its schema) and Markdown. Each shows ACCEPTED with the
// reason, owner and expiry; an accepted reason from the catalog is escaped like any other value.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Acceptance } from '../../../contract/acceptance';
import { complianceCatalog } from '../../../lambdas/compliance/core/catalog';
import { buildReport } from '../../../lambdas/compliance/core/report';
import { renderHtml } from '../../../lambdas/compliance/render/html';
import { renderJson } from '../../../lambdas/compliance/render/json';
import { renderMarkdown } from '../../../lambdas/compliance/render/markdown';
import { reportJsonChunks } from '../../../lambdas/inventory/report/json';
import { MarkdownRows, renderMarkdown as inventoryMarkdown } from '../../../lambdas/inventory/report/markdown';
import { acceptedFindings, checkContext, inventoryFindings } from '../../../lambdas/shared/checks';
import { dateOnlyDaysAgo, NOW, record, SUMMARY } from '../inventory/fixtures';
import { facts, inventory } from './facts';

const ACCEPTANCE: Acceptance = {
  secret: 'prod/orders-db',
  finding: 'unused',
  control: null,
  reason: 'read only by the <b>quarterly</b> export | yearly',
  owner: 'team-orders',
  expires: '2026-06-30',
};
const SUMMARY_WITH = { ...SUMMARY, acceptances: [ACCEPTANCE] };
const UNUSED = record({ lastAccessed: dateOnlyDaysAgo(120) });
const report = buildReport(facts({ now: NOW, catalog: complianceCatalog(SUMMARY_WITH), inventory: inventory([UNUSED]) }), 'eu-west-1', null);

function compile(path: string) {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
}

describe('the compliance report with an accepted finding', () => {
  it('JSON: the evaluation is ACCEPTED with its acceptance, and the document matches compliance.schema.json', () => {
    const document = JSON.parse(renderJson(report)) as { controls: { id: string; status: string; counts: { accepted: number }; evaluations: { status: string; acceptance?: unknown }[] }[] };
    const validate = compile('lambdas/compliance/compliance.schema.json');
    const control = document.controls.find((c) => c.id === 'SecretsManager.3')!;

    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(control.status).toBe('ACCEPTED');
    expect(control.counts.accepted).toBe(1);
    expect(control.evaluations[0]).toMatchObject({ status: 'ACCEPTED', acceptance: { accepts: 'finding unused', owner: 'team-orders', expires: '2026-06-30' } });
  });

  it('Markdown: an Accepted section names the control, secret, owner, expiry and the escaped reason', () => {
    const markdown = renderMarkdown(report);

    expect(markdown).toContain('## Accepted');
    expect(markdown).toMatch(/- \*\*ACCEPTED\*\* SecretsManager\.3 on prod\/orders-db: .+ Until 2026-06-30, owner team-orders: read only by the &lt;b&gt;quarterly&lt;\/b&gt; export \\\| yearly/);
    expect(markdown).toMatch(/\| ACCEPTED \| MEDIUM \| 0 \| 0 \| 0 \| 1 \|/);
  });

  it('HTML: the control shows Accepted and lists the secret with owner, expiry and the escaped reason', () => {
    const html = renderHtml(report);

    expect(html).toContain('<span class="ACCEPTED">Accepted</span>');
    expect(html).toContain('Until 2026-06-30, owner team-orders: read only by the &lt;b&gt;quarterly&lt;/b&gt; export | yearly');
    expect(html).not.toContain('<b>quarterly</b>');
  });
});

describe('the inventory report with an accepted finding', () => {
  const context = checkContext(SUMMARY_WITH, NOW);
  const { secrets, plaintextCredentials, newFindingIds, firstSeen, findings: _none, ...head } = inventory([UNUSED]);
  const findings = inventoryFindings(UNUSED, context);
  const accepted = acceptedFindings([UNUSED], context);

  it('JSON: lists it under accepted with its acceptance, not under findings, and matches inventory.schema.json', () => {
    const chunks = reportJsonChunks({ head, newFindingIds, firstSeen: Object.entries(firstSeen), alertedAt: [], secrets, plaintextCredentials, findings, accepted });
    const parsed = JSON.parse([...chunks].join('')) as { findings: { type: string }[]; accepted: { type: string; acceptance: { owner: string } }[] };
    const validate = compile('lambdas/inventory/inventory.schema.json');

    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(parsed.findings.map((f) => f.type)).not.toContain('unused');
    expect(parsed.accepted).toMatchObject([{ type: 'unused', acceptance: { owner: 'team-orders', expires: '2026-06-30' } }]);
  });

  it('Markdown: an ACCEPTED section with expiry, owner and reason, and the count in the summary', () => {
    const markdown = inventoryMarkdown({ ...head, findings: findings.length, newFindings: 0, plaintextCredentials: 0, accepted }, new MarkdownRows());

    expect(markdown).toContain('- Accepted findings (not counted as open): 1');
    expect(markdown).toContain('## ACCEPTED (1)');
    expect(markdown).toMatch(/\| MEDIUM \| Not read for .*prod\/orders-db \| 2026-06-30 \| team-orders \| read only by the <b>quarterly<\/b> export \\\| yearly \|/);
  });
});
