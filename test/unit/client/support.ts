// Givens for the client's unit tests: the Secrets Manager double behind aws-sdk-client-mock, a
// clock the test moves by hand, a fixed random, and a logger and audit hook that record.
import { PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { createSecrets, type AccessEvent, type Secrets, type SecretsOptions } from '../../../client/index';
import { AWSCURRENT, AWSPENDING, installSecretsManagerDouble, type InstalledSecretsManagerDouble, type SecretsManagerDoubleOptions } from '../../support/secrets-manager-double';

export class ManualClock {
  constructor(public now = Date.UTC(2026, 11, 1, 12)) {}
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface ClientFixture {
  readonly sm: InstalledSecretsManagerDouble;
  readonly clock: ManualClock;
  readonly warnings: { message: string; details: Record<string, unknown> }[];
  readonly events: AccessEvent[];
  secrets: Secrets;
  make(options?: Partial<SecretsOptions>): Secrets;
}

/** `server`: how the double behaves where compatible servers differ (e.g. moto's unstaged read). */
export function clientFixture(options: Partial<SecretsOptions> = {}, server: SecretsManagerDoubleOptions = {}): ClientFixture {
  const sm = installSecretsManagerDouble(server);
  const clock = new ManualClock();
  const warnings: ClientFixture['warnings'] = [];
  const events: AccessEvent[] = [];
  const make = (extra: Partial<SecretsOptions> = {}) => createSecrets({
    environment: 'dev',
    sources: [{ kind: 'secrets-manager', client: sm.client }],
    ttl: 60_000,
    checkInterval: 3_000,
    jitter: 0,
    clock: clock.read,
    random: () => 0.5,
    logger: { warn: (message, details) => warnings.push({ message, details: { ...details } }) },
    audit: (event) => events.push(event),
    ...options,
    ...extra,
  });
  return { sm, clock, warnings, events, secrets: make(), make };
}

/** What a rotation does to the labels: a new AWSPENDING value, then finishSecret moves AWSCURRENT. */
export async function rotateValue(sm: InstalledSecretsManagerDouble, secretId: string, secretString: string, finish = true): Promise<string> {
  const token = randomUUID();
  await sm.client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: secretString, VersionStages: [AWSPENDING] }));
  if (finish) await finishRotation(sm, secretId, token);
  return token;
}

export async function finishRotation(sm: InstalledSecretsManagerDouble, secretId: string, token: string): Promise<void> {
  const current = sm.double.versionAt(secretId, AWSCURRENT);
  await sm.client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: AWSCURRENT, MoveToVersionId: token, RemoveFromVersionId: current }));
  await sm.client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: AWSPENDING, RemoveFromVersionId: token }));
}
