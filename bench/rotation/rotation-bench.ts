// (a) Full four-step rotations against a real PostgreSQL through the production core, strategy,
// Database adapter and SecretsStore adapter; Secrets Manager is the stateful double (in-process,
// so wall time is the function's own work plus PostgreSQL, with zero network latency to AWS).
import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Database, Step } from '../../lambdas/rotation/core/ports';
import { postgresStrategy } from '../../lambdas/rotation/core/postgres-strategy';
import { randomTokenStrategy } from '../../lambdas/rotation/core/random-token';
import { rotate } from '../../lambdas/rotation/core/rotate';
import { databaseOptionsFromEnv, postgresDatabase } from '../../lambdas/rotation/postgres/database';
import { secretsManagerStore } from '../../lambdas/rotation/secrets-manager';
import { systemClock, systemRandom } from '../../lambdas/rotation/system';
import { installSecretsManagerDouble } from '../../test/support/secrets-manager-double';
import type { BenchServer } from './postgres-server';

const STEPS: readonly Step[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

export interface RotationFigures {
  readonly kind: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Secrets Manager calls the function made per rotation, by step and operation (identical every run). */
  readonly callsPerStep: Record<Step, string[]>;
  readonly callsPerRotation: number;
  readonly connectionsPerStep: Record<Step, number>;
  readonly connectionsPerRotation: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function countingDatabase(inner: Database): Database & { connections: number } {
  const counter = {
    connections: 0,
    async connect(connection: Parameters<Database['connect']>[0]) {
      counter.connections += 1;
      return inner.connect(connection);
    },
  };
  return counter;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

type RotationKind = 'postgres single-user' | 'postgres alternating-users' | 'random token';

export async function benchRotation(server: BenchServer, kind: RotationKind, runs: number): Promise<RotationFigures> {
  const suffix = randomUUID().slice(0, 6);
  const dbname = `bench_${suffix}`;
  const app = { username: `app_${suffix}`, password: `App-${randomUUID()}` };
  const master = { username: `master_${suffix}`, password: `Master-${randomUUID()}` };
  await server.admin(`CREATE DATABASE ${quote(dbname)}`);
  const value = (fields: Record<string, unknown>) => JSON.stringify({ engine: 'postgres', host: server.host, port: server.port, dbname, ssl: true, ...fields });

  const sm = installSecretsManagerDouble();
  let arn: string;
  if (kind === 'random token') {
    arn = sm.double.seed({ name: `bench/token-${suffix}`, secretString: JSON.stringify({ token: randomUUID() }) });
  } else if (kind === 'postgres single-user') {
    await server.admin(`CREATE ROLE ${quote(app.username)} LOGIN PASSWORD '${app.password}'`);
    arn = sm.double.seed({ name: `bench/${app.username}`, secretString: value(app) });
  } else {
    // As on RDS: a CREATEROLE master creates the application role, so it may manage it.
    await server.admin(`CREATE ROLE ${quote(master.username)} LOGIN CREATEROLE PASSWORD '${master.password}'`);
    await server.admin(`SET ROLE ${quote(master.username)}; CREATE ROLE ${quote(app.username)} LOGIN PASSWORD '${app.password}'`);
    const masterArn = sm.double.seed({ name: `bench/${master.username}`, secretString: value({ ...master, dbname: 'postgres' }) });
    arn = sm.double.seed({ name: `bench/${app.username}`, secretString: value({ ...app, masterarn: masterArn }) });
  }
  if (kind !== 'random token') await server.admin(`GRANT ALL ON DATABASE ${quote(dbname)} TO ${quote(app.username)}`);

  const database = countingDatabase(postgresDatabase(databaseOptionsFromEnv({ EXTRA_CA_FILE: server.caFile })));
  const strategy = kind === 'random token' ? randomTokenStrategy() : postgresStrategy({ database, password: {} });
  const deps = { store: secretsManagerStore(sm.client), strategy, clock: systemClock, random: systemRandom };

  const durations: number[] = [];
  let callsPerStep = {} as Record<Step, string[]>;
  let connectionsPerStep = {} as Record<Step, number>;
  try {
    // One unmeasured warm-up rotation: JIT, TLS context and the first pg connection setup.
    for (let run = -1; run < runs; run += 1) {
      const token = randomUUID();
      await sm.client.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token, RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:bench' }));
      const calls = {} as Record<Step, string[]>;
      const connections = {} as Record<Step, number>;
      let elapsed = 0;
      for (const step of STEPS) {
        sm.double.clearCalls();
        database.connections = 0;
        const started = performance.now();
        await rotate({ SecretId: arn, ClientRequestToken: token, Step: step }, deps);
        elapsed += performance.now() - started;
        calls[step] = sm.double.calls().map((c) => {
          const stage = typeof c.input.VersionStage === 'string' ? ` ${c.input.VersionStage}` : '';
          const other = c.input.SecretId !== arn ? ' of the master secret' : '';
          return c.operation === 'GetSecretValue' || c.operation === 'UpdateSecretVersionStage' ? `${c.operation}${stage}${other}` : c.operation;
        });
        connections[step] = database.connections;
      }
      if (run >= 0) durations.push(elapsed);
      callsPerStep = calls;
      connectionsPerStep = connections;
    }
  } finally {
    sm.restore();
    await server.admin(`DROP DATABASE IF EXISTS ${quote(dbname)} WITH (FORCE)`);
    for (const role of [app.username, `${app.username}_clone`, master.username]) {
      await server.admin(`DROP ROLE IF EXISTS ${quote(role)}`).catch(() => undefined);
    }
  }
  return {
    kind,
    runs,
    medianMs: median(durations),
    minMs: Math.min(...durations),
    maxMs: Math.max(...durations),
    callsPerStep,
    callsPerRotation: Object.values(callsPerStep).reduce((n, c) => n + c.length, 0),
    connectionsPerStep,
    connectionsPerRotation: Object.values(connectionsPerStep).reduce((n, c) => n + c, 0),
  };
}
