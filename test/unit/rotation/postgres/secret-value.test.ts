import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../lambdas/shared/errors';
import { parsePostgresSecret } from '../../../../lambdas/rotation/postgres/secret-value';

const CANARY = 'canary-Pa55w0rd-7f3a';
const base = { engine: 'postgres', host: 'db.example.internal', username: 'app', password: CANARY };

function errorOf(value: string): InputError {
  try {
    parsePostgresSecret(value, 'secret value at AWSCURRENT');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parsing the PostgreSQL secret value', () => {
  it('applies the documented defaults: port 5432, dbname postgres, TLS on', () => {
    const secret = parsePostgresSecret(JSON.stringify({ ...base, extra: 'kept' }), 'secret');

    expect(secret).toMatchObject({ host: 'db.example.internal', port: 5432, dbname: 'postgres', username: 'app', password: CANARY, ssl: true, engine: 'postgres' });
    expect(secret.masterarn).toBeUndefined();
    expect(secret.fields.extra).toBe('kept');
  });

  it('accepts aurora-postgresql, a numeric-string port, ssl false and a master ARN', () => {
    const secret = parsePostgresSecret(JSON.stringify({ ...base, engine: 'aurora-postgresql', port: '6543', ssl: 'false', masterarn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:master-AbCdEf' }), 'secret');

    expect(secret).toMatchObject({ port: 6543, ssl: false, masterarn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:master-AbCdEf' });
  });

  it.each([
    ['malformed JSON', `{"password":"${CANARY}"`, 'secret value at AWSCURRENT: is not valid JSON'],
    ['a JSON array', JSON.stringify([CANARY]), 'is not a JSON object'],
    ['a wrong engine', JSON.stringify({ ...base, engine: 'mysql' }), 'secret value at AWSCURRENT.engine'],
    ['a missing host', JSON.stringify({ ...base, host: undefined }), 'secret value at AWSCURRENT.host'],
    ['an empty username', JSON.stringify({ ...base, username: '' }), 'secret value at AWSCURRENT.username'],
    ['a username over 63 bytes', JSON.stringify({ ...base, username: 'é'.repeat(32) }), 'longer than 63 bytes'],
    ['a missing password', JSON.stringify({ ...base, password: undefined }), 'secret value at AWSCURRENT.password'],
    ['a port out of range', JSON.stringify({ ...base, port: 70000 }), 'secret value at AWSCURRENT.port'],
    ['a non-boolean ssl', JSON.stringify({ ...base, ssl: 'require' }), 'secret value at AWSCURRENT.ssl'],
    ['an empty masterarn', JSON.stringify({ ...base, masterarn: '' }), 'secret value at AWSCURRENT.masterarn'],
  ])('rejects %s, naming the field and the fix without echoing the value', (_name, value, expected) => {
    const error = errorOf(value);

    expect(error.message).toContain(expected);
    expect(error.fix.length).toBeGreaterThan(0);
    expect(error.message).not.toContain(CANARY);
    expect(error.cause).toBeUndefined();
  });
});
