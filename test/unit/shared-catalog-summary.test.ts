import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { complianceCatalog } from '../../lambdas/compliance/core/catalog';
import { loadCatalogSummary } from '../../lambdas/shared/catalog-summary';
import { InputError } from '../../lambdas/shared/errors';
import { SUMMARY } from './inventory/fixtures';
import { temporaryDirectory } from '../support/temporary-directory';

describe('the one catalog summary, as both functions read it', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = temporaryDirectory('catalog-summary-');
    file = join(dir, 'catalog-summary.json');
    writeFileSync(file, JSON.stringify({ ...SUMMARY, adminRoleArn: 'arn:aws:iam::111111111111:role/prod-admin' }));
  });

  it('is read whole by the shared loader', () => {
    expect(loadCatalogSummary(import.meta.url, file)).toEqual({ acceptances: [], runbookBaseUrl: null, ...SUMMARY, adminRoleArn: 'arn:aws:iam::111111111111:role/prod-admin' });
  });

  it('gives the compliance report the admin role plus the trusted roles the stack passes at deploy time', () => {
    const view = complianceCatalog(loadCatalogSummary(import.meta.url, file), ['arn:aws:iam::111111111111:role/rotation-a']);

    expect(view.trustedPrincipals).toEqual(['arn:aws:iam::111111111111:role/prod-admin', 'arn:aws:iam::111111111111:role/rotation-a']);
    expect(view.readers['prod/orders-db']).toEqual(['arn:aws:iam::111111111111:role/prod-app']);
    expect(view.otherEnvironmentPrincipals).toEqual(['arn:aws:iam::111111111111:role/dev-app', 'arn:aws:iam::111111111111:role/staging-app']);
  });

  it('fails naming the file and the fix when it is missing', () => {
    expect(() => loadCatalogSummary(import.meta.url, join(dir, 'missing.json'))).toThrow(InputError);
    expect(() => loadCatalogSummary(import.meta.url, join(dir, 'missing.json'))).toThrow(/catalog-summary\.json.*InventoryScan, ComplianceReport/);
  });

  it('refuses a document that is not a summary, naming what it lacks', () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ environment: 'prod' }));

    expect(() => loadCatalogSummary(import.meta.url, other)).toThrow(/lacks environments, settings, secrets, readersByEnvironment/);
  });
});
