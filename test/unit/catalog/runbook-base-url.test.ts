// runbookBaseUrl: global in `defaults`, per environment (which wins), validated with file:line
// errors, carried to the functions by the catalog summary; absent, nothing changes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runbookBaseUrlProblem, runbookLink, runbookMarkdownUrl, runbookUrlOf } from '../../../contract/runbook';
import { loadCatalogSummary } from '../../../lambdas/shared/catalog-summary';
import { CatalogError, parseCatalog } from '../../../lib/catalog';
import { buildCatalogSummary } from '../../../lib/catalog/summary';
import { temporaryDirectory } from '../../support/temporary-directory';

const WIKI = 'https://wiki.example.com/secrets/runbooks';
const PROD = 'https://git.example.com/acme/secrets-warden/blob/main/docs/runbooks.md';

const catalogText = (defaults: string, prod: string) => `version: 1
${defaults ? `defaults:\n  runbookBaseUrl: ${defaults}\n` : ''}environments:
  dev: {}
  prod:
    account: "333333333333"
${prod ? `    runbookBaseUrl: ${prod}\n` : ''}secrets:
  - {name: t, kind: random, classification: low, owner: o, description: d}
`;

function issuesOf(text: string): string {
  try {
    parseCatalog(text, 'secrets.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).message;
  }
  throw new Error('the catalog was accepted');
}

describe('runbookBaseUrl in the catalog', () => {
  it('comes from defaults for every environment, and an environment\'s own value wins', () => {
    const catalog = parseCatalog(catalogText(WIKI, PROD), 'secrets.yaml');

    expect(catalog.forEnvironment('dev').environment.runbookBaseUrl).toBe(WIKI);
    expect(catalog.forEnvironment('prod').environment.runbookBaseUrl).toBe(PROD);
  });

  it('is absent when nobody sets it (alarms and reports name docs/runbooks.md, as before)', () => {
    const catalog = parseCatalog(catalogText('', ''), 'secrets.yaml');

    expect(catalog.forEnvironment('dev').environment).not.toHaveProperty('runbookBaseUrl');
    expect(buildCatalogSummary(catalog, 'dev').runbookBaseUrl).toBeNull();
  });

  it('travels to the functions in the catalog summary of each environment', () => {
    const catalog = parseCatalog(catalogText(WIKI, PROD), 'secrets.yaml');

    expect(buildCatalogSummary(catalog, 'dev').runbookBaseUrl).toBe(WIKI);
    expect(buildCatalogSummary(catalog, 'prod').runbookBaseUrl).toBe(PROD);
  });

  it.each([
    ['http://wiki.example.com/runbooks', 'prod', /secrets\.yaml:6 environments\.prod\.runbookBaseUrl: must be an https:\/\/ URL/],
    ['https://wiki.example.com/runbooks#top', 'prod', /secrets\.yaml:6 environments\.prod\.runbookBaseUrl: must be an https:\/\/ URL without spaces or a #fragment/],
    ['"https://wiki.example.com/run books"', 'prod', /secrets\.yaml:6 environments\.prod\.runbookBaseUrl: must be an https/],
    ['https://:443/runbooks', 'prod', /secrets\.yaml:6 environments\.prod\.runbookBaseUrl: is not a URL/],
    ['https://oncall:hunter2@wiki.example.com/runbooks', 'prod', /secrets\.yaml:6 environments\.prod\.runbookBaseUrl: must not carry a user name or password/],
    [`https://wiki.example.com/${'a'.repeat(300)}`, 'prod', /secrets\.yaml:6 environments\.prod\.runbookBaseUrl: .*256/],
    ['ftp://wiki.example.com/runbooks', 'defaults', /secrets\.yaml:3 defaults\.runbookBaseUrl: must be an https:\/\/ URL/],
  ])('refuses %s with the file, line and field', (value, where, expected) => {
    const message = issuesOf(where === 'defaults' ? catalogText(value, '') : catalogText('', value));

    expect(message).toMatch(expected);
  });

  it('is refused at the top level of the catalog, where it is not read', () => {
    expect(issuesOf(`runbookBaseUrl: ${WIKI}\n${catalogText('', '')}`)).toMatch(/secrets\.yaml:1 runbookBaseUrl: /);
  });
});

describe('contract/runbook: the one link helper', () => {
  it('builds <base>#<anchor>, or the repository path without a base', () => {
    expect(runbookLink('rotation-failed', WIKI)).toBe(`${WIKI}#rotation-failed`);
    expect(runbookLink('rotation-failed')).toBe('docs/runbooks.md#rotation-failed');
    expect(runbookLink('rotation-failed', null)).toBe('docs/runbooks.md#rotation-failed');
  });

  it('resolves a recorded reference under the base and leaves other text alone', () => {
    expect(runbookUrlOf('docs/runbooks.md#inventory-unused', WIKI)).toBe(`${WIKI}#inventory-unused`);
    expect(runbookUrlOf('docs/runbooks.md#inventory-unused', null)).toBe('docs/runbooks.md#inventory-unused');
    expect(runbookUrlOf(`${WIKI}#inventory-unused`, PROD)).toBe(`${WIKI}#inventory-unused`);
    expect(runbookMarkdownUrl('docs/runbooks.md#x', 'https://w.example.com/a (b)')).toBe('https://w.example.com/a%20%28b%29#x');
  });

  it('accepts an https URL with a path or query and names the problem of anything else', () => {
    expect(runbookBaseUrlProblem(PROD)).toBeNull();
    expect(runbookBaseUrlProblem('https://wiki.example.com/display?page=runbooks')).toBeNull();
    expect(runbookBaseUrlProblem('javascript:alert(1)')).toMatch(/https/);
    expect(runbookBaseUrlProblem('docs/runbooks.md')).toMatch(/not a URL/);
  });
});

describe('the functions\' summary loader', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDirectory('warden-summary-');
  });
  const summary = buildCatalogSummary(parseCatalog(catalogText(WIKI, ''), 'secrets.yaml'), 'dev');
  const write = (content: object) => {
    const path = join(dir, `summary-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('reads the base URL, and treats a summary without one as "no base URL"', () => {
    expect(loadCatalogSummary(import.meta.url, write(summary)).runbookBaseUrl).toBe(WIKI);
    const { runbookBaseUrl: _dropped, ...older } = summary;
    expect(loadCatalogSummary(import.meta.url, write(older)).runbookBaseUrl).toBeNull();
  });

  it('refuses a hand-made summary whose base URL is not https, naming the field and the fix', () => {
    expect(() => loadCatalogSummary(import.meta.url, write({ ...summary, runbookBaseUrl: 'javascript:alert(1)' }))).toThrow(
      /catalog-summary\.json runbookBaseUrl: .*https.*; set runbookBaseUrl in config\/secrets\.yaml/,
    );
  });
});
