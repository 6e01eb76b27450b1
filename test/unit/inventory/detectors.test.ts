import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { detect, redactCredential, scanVariables } from '../../../lambdas/inventory/scan/plaintext';
import { plaintextCredentialFinding } from '../../../lambdas/shared/checks/packs/inventory';

// Canary values are assembled at runtime so that no scanner flags this file.
const awsKey = ['AKIA', 'Z7QX3LMN4PQR8TUV'].join('');
const pem = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'].join('');
const ghToken = ['ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('');

describe('credential detectors', () => {
  it.each([
    ['AWS access key id', 'KEY', awsKey, 'aws-access-key-id'],
    ['private key block', 'TLS', pem, 'private-key'],
    ['GitHub token', 'CI', ghToken, 'github-token'],
    ['Slack token', 'HOOK', ['xoxb', '-1234567890-abcdefghij'].join(''), 'slack-token'],
    ['Stripe live key', 'PAY', ['sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join(''), 'stripe-key'],
    ['JWT', 'SESSION', ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.'), 'jwt'],
    ['connection string with password', 'DATABASE_URL', 'postgres://app:S3cr3tPassw0rd@db.internal:5432/orders', 'connection-string-password'],
    ['high entropy under a secret-like name', 'API_KEY', 'q8Zr2LmX9vB4nK7tW1yP5sD3', 'high-entropy-secret-name'],
  ])('finds a %s', (_name, key, value, detector) => {
    expect(detect(key, value)?.id).toBe(detector);
  });

  it.each([
    ['plain setting', 'LOG_LEVEL', 'INFO'],
    ['high entropy under an ordinary name', 'BUILD_ID', 'q8Zr2LmX9vB4nK7tW1yP5sD3'],
    ['secret-like name with a low-entropy value', 'PASSWORD_POLICY', 'aaaaaaaaaaaaaaaaaaaa'],
    ['reference to Secrets Manager', 'DB_SECRET', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db-AbCdEf'],
    ['dynamic reference', 'TOKEN', '{{resolve:secretsmanager:prod/db:SecretString:password}}'],
    ['connection string with a placeholder password', 'DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db.internal:5432/orders'],
    ['connection string without password', 'DATABASE_URL', 'postgres://app@db.internal:5432/orders'],
    ['empty value', 'SECRET', ''],
    ["SDK endpoint override (a URL without userinfo is not a secret)", 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'https://secretsmanager.eu-west-1.amazonaws.com'],
  ])('ignores a %s', (_name, key, value) => {
    expect(detect(key, value)).toBeNull();
  });
});

describe('redaction', () => {
  it('keeps at most 4 leading characters, the length and a SHA-256 fingerprint', () => {
    const redacted = redactCredential(awsKey);

    expect(redacted).toEqual({
      prefix: 'AKIA…',
      length: 20,
      fingerprint: createHash('sha256').update(awsKey).digest('hex').slice(0, 16),
    });
  });

  it('shows less of a short value (never more than a quarter)', () => {
    expect(redactCredential('hunter22').prefix).toBe('hu…');
    expect(redactCredential('abc').prefix).toBe('…');
  });

  it('scanVariables returns redacted credentials and never the value', () => {
    const found = scanVariables('lambda-environment', 'arn:aws:lambda:eu-west-1:111111111111:function:f', { KEY: awsKey, TLS: pem, LOG_LEVEL: 'INFO' });

    expect(found.map(({ credential: c, sensitivity }) => [c.key, c.detector, sensitivity])).toEqual([['KEY', 'aws-access-key-id', 'critical'], ['TLS', 'private-key', 'critical']]);
    expect(JSON.stringify(found)).not.toContain(awsKey);
    expect(JSON.stringify(found)).not.toContain('MIIEowIBAAKCAQEA');
  });
});

describe('plaintext-credential findings', () => {
  it('take their severity from the detector\'s classification (critical, high, medium), not from a list of their own', () => {
    const slack = ['xoxb', '-1234567890-abcdefghij'].join('');
    const found = scanVariables('lambda-environment', 'arn:aws:lambda:eu-west-1:111111111111:function:f', { KEY: awsKey, CI: ghToken, HOOK: slack, DATABASE_URL: 'postgres://app:S3cr3tPassw0rd@db.internal:5432/orders' });

    expect(found.map(({ credential, sensitivity }) => [credential.detector, plaintextCredentialFinding(credential, sensitivity).severity])).toEqual([
      ['aws-access-key-id', 'CRITICAL'],
      ['github-token', 'HIGH'],
      ['slack-token', 'MEDIUM'],
      ['connection-string-password', 'CRITICAL'],
    ]);
  });
});
