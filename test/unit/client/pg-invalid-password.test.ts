// Which refused logins the pool answers with fresher credentials: PostgreSQL's 28P01, and
// pgbouncer's own refusal of the password (SQLSTATE 08P01, the messages pgbouncer 1.18 sends),
// but no other 08P01 of pgbouncer, where new credentials would not help.
import { describe, expect, it } from 'vitest';
import { isInvalidPassword } from '../../../client/pg';

const refusal = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isInvalidPassword', () => {
  it.each([
    ['PostgreSQL', refusal('28P01', 'password authentication failed for user "app"')],
    ['pgbouncer after SCRAM', refusal('08P01', 'SASL authentication failed')],
    ['pgbouncer with md5 or plain', refusal('08P01', 'password authentication failed')],
  ])('recognises a refused password from %s', (_, error) => {
    expect(isInvalidPassword(error)).toBe(true);
  });

  it.each([
    refusal('08P01', 'server login has been failing, try again later (server_login_retry)'),
    refusal('08P01', 'no such database: orders'),
    refusal('08P01', 'unsupported startup parameter: statement_timeout'),
    refusal('57P03', 'the database system is starting up'),
    new Error('SASL authentication failed'),
    null,
    'SASL authentication failed',
  ])('leaves other failures alone: %s', (error) => {
    expect(isInvalidPassword(error)).toBe(false);
  });
});
