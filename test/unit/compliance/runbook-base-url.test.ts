// With the catalog's runbookBaseUrl, every runbook reference a person reads in the compliance report
// (Markdown, HTML, JSON) and in the regression alert is `<runbookBaseUrl>#<section>`, and the
// section exists in docs/runbooks.md; without it, they stay `docs/runbooks.md#<section>`.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regressionAlert } from '../../../lambdas/compliance/core/alert';
import { renderHtml } from '../../../lambdas/compliance/render/html';
import { renderJson } from '../../../lambdas/compliance/render/json';
import { renderMarkdown } from '../../../lambdas/compliance/render/markdown';
import { linkedAnchors, runbookAnchors } from '../../support/runbook-anchors';
import { richReport } from './reports';

const BASE = 'https://git.example.com/acme/secrets-warden/blob/main/docs/runbooks.md';
const anchors = runbookAnchors();
const report = richReport();
const options = { runbookBaseUrl: BASE };
const schema = JSON.parse(readFileSync(new URL('../../../lambdas/compliance/compliance.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('compliance runbook links under the catalog\'s runbookBaseUrl', () => {
  const outputs = {
    markdown: renderMarkdown(report, options),
    html: renderHtml(report, options),
    json: renderJson(report, options),
    alert: regressionAlert(report, 'compliance/2026-12-01T06:00:00.000Z.html', options)!.message,
  };

  it.each(Object.entries(outputs))('%s links only existing sections under the base, and no repository path', (_name, text) => {
    const linked = linkedAnchors(text, BASE);

    expect(linked.length).toBeGreaterThan(0);
    for (const anchor of linked) expect(anchors, anchor).toContain(anchor);
    expect(text).not.toMatch(/\(docs\/runbooks\.md#|"docs\/runbooks\.md#|Runbook: docs\/runbooks\.md#/);
  });

  it('every control and risk of the JSON report names its own section under the base, and the schema accepts it', () => {
    const document = JSON.parse(outputs.json) as { controls: { id: string; runbook: string }[] };

    for (const control of document.controls) expect(control.runbook).toBe(`${BASE}#${report.controls.find((c) => c.id === control.id)!.runbook.split('#')[1]}`);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the Markdown and HTML reports make each section a link', () => {
    expect(outputs.markdown).toContain(`](${BASE}#compliance-secretsmanager-1)`);
    expect(outputs.html).toContain(`<a href="${BASE}#compliance-secretsmanager-1">`);
  });

  it('the alert names the environment, what happened, each control and its section, and the general procedure', () => {
    expect(outputs.alert).toContain('Environment: prod');
    expect(outputs.alert).toContain('What happened:');
    expect(outputs.alert).toContain(`Runbook: ${BASE}#compliance-secret-policy-not-public`);
    expect(outputs.alert).toContain(`the general procedure is ${BASE}#compliance-control-regressed`);
  });

  it('without a base URL the reports name docs/runbooks.md as before', () => {
    for (const o of [{}, { runbookBaseUrl: null }]) {
      expect(renderMarkdown(report, o)).toContain('](docs/runbooks.md#compliance-secretsmanager-1)');
      expect(JSON.parse(renderJson(report, o))).toMatchObject({ controls: expect.arrayContaining([expect.objectContaining({ runbook: 'docs/runbooks.md#compliance-secretsmanager-1' })]) });
      expect(regressionAlert(report, 'k', o)!.message).toContain('docs/runbooks.md#compliance-control-regressed');
      expect(renderHtml(report, o)).not.toContain('<a href');
    }
  });

  it('percent-encodes parentheses of a base URL in Markdown link targets', () => {
    const md = renderMarkdown(report, { runbookBaseUrl: 'https://wiki.example.com/Runbooks_(secrets)' });

    expect(md).toContain('](https://wiki.example.com/Runbooks_%28secrets%29#compliance-secretsmanager-1)');
  });
});
