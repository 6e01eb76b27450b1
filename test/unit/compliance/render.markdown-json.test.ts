import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../lambdas/compliance/core/report';
import { renderBadge } from '../../../lambdas/compliance/render/badge';
import { renderJson } from '../../../lambdas/compliance/render/json';
import { mdText, renderMarkdown } from '../../../lambdas/compliance/render/markdown';
import { facts } from './facts';
import { HOSTILE_SECRET, richReport } from './reports';

const schema = JSON.parse(readFileSync(new URL('../../../lambdas/compliance/compliance.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('the JSON report', () => {
  it.each([
    ['with every section filled', () => richReport()],
    ['without inventory or previous report', () => buildReport(facts({ inventory: null }), 'eu-west-1', null)],
  ])('validates against compliance.schema.json %s', (_name, make) => {
    const document = JSON.parse(renderJson(make())) as unknown;

    const valid = validate(document);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by the schema when a status or a field is not the contract\'s', () => {
    const document = JSON.parse(renderJson(richReport())) as { controls: { status: string }[]; extra?: unknown };
    document.controls[0]!.status = 'MAYBE';
    document.extra = true;

    expect(validate(document)).toBe(false);
  });

  it('carries schemaVersion 1.0', () => {
    expect(JSON.parse(renderJson(richReport()))).toMatchObject({ schemaVersion: '1.0' });
  });
});

describe('the Markdown report', () => {
  const markdown = renderMarkdown(richReport());

  it('escapes names so they cannot inject HTML or break a table', () => {
    expect(markdown).not.toMatch(/<script/i);
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('has the score, frameworks, trend, top risks, controls and access audit sections', () => {
    for (const heading of ['## Score per framework', '## Trend', '## Top risks', '## Controls', '## Access audit']) expect(markdown).toContain(heading);
    expect(markdown).toContain('cut short (time-budget)');
    expect(markdown).toContain(`(docs/runbooks.md#compliance-secretsmanager-1)`);
  });

  it('never names the hostile secret raw', () => {
    expect(markdown).not.toContain(HOSTILE_SECRET);
  });
});

describe('the badge', () => {
  it('is an SVG from badge-maker with the score and environment', () => {
    const svg = renderBadge({ environment: 'prod', score: { score: 87.5, compliant: 7, nonCompliant: 1, notApplicable: 0 }, controls: [] });

    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('87.5%');
    expect(svg).toContain('compliance prod');
  });
});

describe('mdText', () => {
  it('keeps a name from becoming a link, emphasis, code or a new table cell', () => {
    expect(mdText('[x](https://evil) *b* `c` a|b\nnext')).toBe('\\[x\\](https://evil) \\*b\\* \\`c\\` a\\|b next');
  });
});
