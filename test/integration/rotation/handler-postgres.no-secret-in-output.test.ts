import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../../lambdas/shared/errors';
import { createTestDatabase, dropRoles, type TestDatabase } from '../../support/postgres';
import { AWSCURRENT, AWSPREVIOUS, installSecretsManagerDouble, type InstalledSecretsManagerDouble } from '../../support/secrets-manager-double';
import { ALL_STEPS, createApplicationRole, postgresSecretValue, startRotation, uniqueSuffix } from './support';

// Invariant 1 through the deployed entry point: canary passwords planted in every secret, full
// rotations and failures run through the exported handler, and nothing it wrote to stdout/stderr
// (Powertools log lines, EMF metrics) nor any error message contains a secret value.
describe('the PostgreSQL rotation handler never outputs a secret value', () => {
  const id = uniqueSuffix();
  const canary = (what: string) => `canary-${what}-${id}-Zq9!`;
  const master = { username: `master_${id}`, password: canary('master') };
  const single = { username: `single_${id}`, password: canary('single') };
  const alternating = { username: `alt_${id}`, password: canary('alternating') };
  let db: TestDatabase;
  let sm: InstalledSecretsManagerDouble;
  let handler: (event: unknown, context: Context) => Promise<unknown>;
  const output: string[] = [];
  const errors: string[] = [];
  const secrets = new Set<string>([master.password, single.password, alternating.password]);
  const context = { functionName: 'warden-rotation-postgres', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:warden-rotation-postgres', memoryLimitInMB: '256', awsRequestId: 'req-1', logGroupName: '/aws/lambda/x', logStreamName: 's', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

  beforeAll(async () => {
    db = await createTestDatabase('handler_canary');
    await db.createRole(single.username, single.password);
    await db.createRole(master.username, master.password, { createRole: true });
    await createApplicationRole(db, master, alternating);
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      });
    }
    vi.stubEnv('EXTRA_CA_FILE', db.server.caFile);
    vi.stubEnv('WARDEN_ENVIRONMENT', 'test');
    sm = installSecretsManagerDouble();
    // The handler reads its environment at import; files share a worker's modules (vitest.config.ts).
    vi.resetModules();
    ({ handler } = await import('../../../lambdas/rotation/handler-postgres'));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    sm.restore();
    await db.drop();
    await dropRoles([`${alternating.username}_clone`, alternating.username, master.username]);
  });

  async function rotateThroughHandler(arn: string): Promise<void> {
    const event = await startRotation(sm.client, arn);
    for (const step of ALL_STEPS) {
      try {
        await handler(event(step), context);
      } catch (error) {
        errors.push(describeError(error), (error as Error).stack ?? '');
        return;
      }
    }
  }

  it('rotates both kinds and fails four ways, logging one line per step', async () => {
    const masterArn = sm.double.seed({ name: `dev/master-${id}`, secretString: postgresSecretValue(db, master) });
    const singleArn = sm.double.seed({ name: `dev/single-${id}`, secretString: postgresSecretValue(db, single) });
    const alternatingArn = sm.double.seed({ name: `dev/alt-${id}`, secretString: postgresSecretValue(db, { ...alternating, masterarn: masterArn }) });
    const elsewhere = sm.double.seed({ name: `dev/master-elsewhere-${id}`, secretString: postgresSecretValue(db, { ...master, host: 'db.elsewhere.example', password: canary('elsewhere') }) });
    secrets.add(canary('elsewhere'));

    await rotateThroughHandler(singleArn);
    await rotateThroughHandler(alternatingArn);
    await rotateThroughHandler(sm.double.seed({ name: `dev/wrong-password-${id}`, secretString: postgresSecretValue(db, { ...single, password: canary('wrong') }) }));
    await rotateThroughHandler(sm.double.seed({ name: `dev/malformed-${id}`, secretString: `{"engine":"postgres","password":"${canary('malformed')}",` }));
    await rotateThroughHandler(sm.double.seed({ name: `dev/elsewhere-${id}`, secretString: postgresSecretValue(db, { ...alternating, masterarn: elsewhere }) }));
    await rotateThroughHandler(sm.double.seed({ name: `dev/tls-${id}`, secretString: postgresSecretValue(db, { ...single, host: '127.1', password: canary('tls') }) }));
    for (const what of ['wrong', 'malformed', 'tls']) secrets.add(canary(what));
    for (const arn of [singleArn, alternatingArn]) {
      const password = JSON.parse(sm.double.valueAt(arn, AWSCURRENT)!).password as string;
      secrets.add(password);
      expect(sm.double.valueAt(arn, AWSPREVIOUS)).toBeDefined();
      // The handler's defaults: PASSWORD_LENGTH 32, EXCLUDE_CHARACTERS :/@"'\
      expect(password).toHaveLength(32);
      expect(password).not.toMatch(/[:/@"'\\]/);
    }

    const stepLines = output.filter((line) => line.includes('"rotation step"'));
    expect(stepLines.length).toBe(8 + 2 + 1 + 1 + 2);
    expect(errors.length).toBe(2 * 4);
    expect(errors.join('\n')).toMatch(/password authentication failed/);
    expect(errors.join('\n')).toMatch(/does not match certificate/);
  });

  it('leaves no secret value in any captured line or error message', () => {
    const captured = [...output, ...errors].join('\n');

    const leaked = [...secrets].filter((secret) => captured.includes(secret));

    expect(secrets.size).toBe(9);
    expect(leaked).toEqual([]);
  });
});
