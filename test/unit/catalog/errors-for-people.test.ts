// Catalog errors a person can act on: the first YAML syntax error with its line and a hint, a
// bounded message for junk, secrets named by their name, and a suggested name for a refused one.
import { describe, expect, it } from 'vitest';
import { CatalogError, parseCatalog } from '../../../lib/catalog';

function errorOf(text: string): CatalogError {
  try {
    parseCatalog(text, 'catalog.yaml');
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('the catalog loaded');
}

const HEAD = 'version: 1\nenvironments:\n  prod:\n    account: "111111111111"\nsecrets:\n';

describe('catalog errors', () => {
  it('print only the first YAML syntax error, with its line and "quote the ARN" for {account} in a flow list', () => {
    const error = errorOf(`${HEAD}  - name: a\n    kind: random\n    owner: o\n    description: d\n    readers: [arn:aws:iam::{account}:role/{env}-api]\n`);

    expect(error.issues).toHaveLength(1);
    expect(error.message).toMatch(/catalog\.yaml:10: YAML syntax error at column \d+: .*; quote the ARN \("arn:aws:iam::\{account\}:role\/\.\.\."\)/);
    expect(error.message).toMatch(/\(\d+ more YAML errors follow, most likely caused by this one\)/);
  });

  it('stay bounded for megabytes of junk', () => {
    let junk = '';
    for (let n = 0; junk.length < 2_000_000; n += 1) junk += `key${n}${'x'.repeat(40)}: value\n`;
    const error = errorOf(junk);

    expect(error.message.split('\n').length).toBeLessThanOrEqual(27);
    expect(error.message.length).toBeLessThan(8000);
    expect(error.message).toContain('more; fix these first and run again');
  });

  it('name the secret by its name, not only its index', () => {
    const error = errorOf(`${HEAD}  - name: payments/db-app\n    kind: random\n    owner: o\n    description: d\n    classification: secret\n`);

    expect(error.message).toContain('secrets[payments/db-app].classification: must be one of critical, high, medium, low (got "secret")');
  });

  it('refuse a name ending in a hyphen and six characters, suggesting another', () => {
    const error = errorOf(`${HEAD}  - name: orders/api-abc123\n    kind: random\n    owner: o\n    description: d\n    classification: low\n`);

    expect(error.message).toContain('secrets[orders/api-abc123].name: must not end with a hyphen and six characters');
    expect(error.message).toContain('rename it, e.g. "orders/api_abc123"');
  });
});
