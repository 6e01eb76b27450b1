import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogSummary } from '../../../lambdas/compliance/handler';
import { InputError } from '../../../lambdas/shared/errors';
import { catalog } from './facts';

describe('the catalog summary beside the handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-catalog-'));
  const file = join(dir, 'compliance-catalog.json');
  writeFileSync(file, JSON.stringify(catalog()));

  it('adds the trusted roles the stack passes at deploy time', () => {
    const summary = loadCatalogSummary(file, { TRUSTED_PRINCIPALS: 'arn:aws:iam::111111111111:role/rotation-a,arn:aws:iam::111111111111:role/rotation-b' });

    expect(summary.trustedPrincipals).toEqual([...catalog().trustedPrincipals, 'arn:aws:iam::111111111111:role/rotation-a', 'arn:aws:iam::111111111111:role/rotation-b']);
  });

  it('fails naming the file and the fix when it is missing', () => {
    expect(() => loadCatalogSummary(join(dir, 'missing.json'), {})).toThrow(InputError);
    expect(() => loadCatalogSummary(join(dir, 'missing.json'), {})).toThrow(/compliance-catalog\.json.*ComplianceReport construct/);
  });
});
