import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase } from '../../../../lambdas/rotation/postgres/database';
import { SCRAM_VERIFIER_SHAPE, scramSha256Verifier } from '../../../../lambdas/rotation/postgres/scram';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres';

const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

describe('the SCRAM-SHA-256 verifier computed client-side', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('scram');
    await db.createRole('scram_user', 'initial-password');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('matches the RFC 7677 example exchange (ServerSignature of user "user", password "pencil")', () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const authMessage =
      'n=user,r=rOprNGfwEbeRWgbNEkqO,' +
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,' +
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';

    const verifier = scramSha256Verifier('pencil', salt, 4096);
    const serverKey = Buffer.from(verifier.split(':').at(-1)!, 'base64');
    const serverSignature = createHmac('sha256', serverKey).update(authMessage).digest('base64');

    expect(verifier).toMatch(SCRAM_VERIFIER_SHAPE);
    expect(verifier.startsWith('SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$')).toBe(true);
    expect(serverSignature).toBe('6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it.each([
    ['every printable ASCII character', PRINTABLE_ASCII],
    ['non-ASCII letters and a no-break space', 'pässwörd\u00A0ünïcødé-日本'],
  ])('is accepted by the server for a password with %s, and the server log holds no password', async (_name, password) => {
    const database = postgresDatabase({ connectTimeoutMs: 5000, statementTimeoutMs: 5000, ca: async () => [] });
    const session = await database.connect({ host: db.server.host, port: db.server.port, dbname: db.database, username: 'scram_user', password: 'initial-password', ssl: false });

    await session.setPassword('scram_user', password);
    await session.close();

    expect(await db.canLogin('scram_user', password)).toBe(true);
    expect(await db.canLogin('scram_user', 'initial-password')).toBe(false);
    const log = await db.serverLogSince();
    expect(log).not.toContain(password);
    expect(log).toContain('SCRAM-SHA-256$4096:');
    await db.admin.query(`ALTER ROLE scram_user PASSWORD 'initial-password'`);
  });

  it('uses a fresh salt each time, so equal passwords give different verifiers', () => {
    expect(scramSha256Verifier('same')).not.toBe(scramSha256Verifier('same'));
  });
});
